"""Write a sample return label for a customer in each script (`python -m desktop_app.core.demo.samples DIR`)."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from desktop_app.core.demo.world import WORLD, WorldCustomer
from desktop_app.core.documents.data import Address, LabelData
from desktop_app.core.documents.label import build_label
from desktop_app.core.documents.postal import postal_address

SHOP = Address("Returns, Linden & Loom", ("Lindenstraße 12", "10969 Berlin", "GERMANY"))


def sample_label(customer: WorldCustomer, number: int) -> bytes:
    """Return the 4x6 label PDF of a sample return from `customer` to a German shop."""
    address = postal_address(customer.name, customer.street, customer.postcode, customer.city, customer.region,
                             customer.country, customer.lang, home="DE")
    data = LabelData(shop_name="Linden & Loom", return_address=SHOP, customer=address, rma=f"R-{number:06d}",
                     carrier="DHL", tracking_number=f"00340434161094{number:06d}", prepaid=True, item_count=1,
                     label_date=date(2026, 12, 2), lang=customer.lang,
                     status_url="https://shop.example/returns/{rma}", country="DE")
    return build_label(data)


def write_samples(folder: Path) -> list[Path]:
    """Write label-<script>.pdf for every sample customer into `folder`; return the files."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for number, customer in enumerate(WORLD, start=1):
        path = folder / f"label-{customer.script}.pdf"
        temporary = path.with_name(f".{path.name}.part")
        temporary.write_bytes(sample_label(customer, number))
        temporary.replace(path)
        written.append(path)
    return written


if __name__ == "__main__":
    for written_path in write_samples(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/samples/scripts")):
        print(written_path)
