"""A batch of labels leaves keep-it returns out: the customer sends nothing back, so there is no label."""

from __future__ import annotations

import pypdfium2 as pdfium
import pytest
from returns_shop import build_shop

from desktop_app.core.domain.errors import RuleViolation
from desktop_app.core.services import documents
from desktop_app.core.services import returns as svc


def _approved(shop, key, qty, reason, condition):
    ret = svc.create_return(shop.owner, key.split("/")[0], [(shop.order_lines[key], qty, reason, "", condition)])
    return svc.approve(shop.owner, ret.rma)


def test_keep_it_returns_are_not_in_the_batch_label_print(database):
    shop = build_shop(database)
    kept = _approved(shop, "1001/PIN-1", 1, "changed_mind", "like_new")
    parcel = _approved(shop, "1001/MUG-1", 1, "defective", "unused")
    assert not kept.shipping.needs_parcel and parcel.shipping.needs_parcel

    assert documents.parcel_returns(database, [kept.rma, parcel.rma]) == [parcel.rma]
    pdf = documents.batch_pdf(database, [kept.rma, parcel.rma], "label")
    assert len(pdfium.PdfDocument(pdf)) == 1
    assert parcel.rma in pdfium.PdfDocument(pdf)[0].get_textpage().get_text_range()
    slips = documents.batch_pdf(database, [kept.rma, parcel.rma], "slip")
    assert len(pdfium.PdfDocument(slips)) == 2  # the packing slip still lists what was asked back
    with pytest.raises(RuleViolation, match="no return label to print"):
        documents.batch_pdf(database, [kept.rma], "label")
