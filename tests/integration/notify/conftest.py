"""A real SMTP server (aiosmtpd) on localhost, and a shop with one return to write about."""

from __future__ import annotations

import datetime as dt
import ssl

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from desktop_app.core.db.engine import Database
from desktop_app.core.db.models import Base, Customer, Order, Return
from tests.helpers.smtp import Mailbox, free_port


@pytest.fixture
def mailbox():
    """Start a plain SMTP server on a free localhost port."""
    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=free_port())
    controller.start()
    box.port = controller.port
    yield box
    controller.stop()


def _self_signed(tmp_path):
    """Write a self-signed certificate for 127.0.0.1 and return (cert, key) paths."""
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=2))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ))
    return cert_path, key_path


@pytest.fixture
def tls_mailbox(tmp_path):
    """Start an SMTP server that requires STARTTLS and a login (user 'shop', password 'secret')."""
    cert, key = _self_signed(tmp_path)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)

    def authenticate(server, session, envelope, mechanism, auth_data):
        ok = isinstance(auth_data, LoginPassword) and auth_data.login == b"shop" and auth_data.password == b"secret"
        return AuthResult(success=ok, handled=False)

    box = Mailbox()
    controller = Controller(
        box, hostname="127.0.0.1", port=free_port(), tls_context=context, require_starttls=True,
        authenticator=authenticate, auth_required=True,
    )
    controller.start()
    box.port, box.cafile = controller.port, str(cert)
    yield box
    controller.stop()


@pytest.fixture
def shop(tmp_path):
    """A SQLite shop file with a Chinese-speaking customer and an English one, each with a return."""
    db = Database(tmp_path / "shop.db")
    Base.metadata.create_all(db.engine)
    now = dt.datetime.now(dt.UTC)
    with db.write() as session:
        wang = Customer(name="王芳", email="wang.fang@example.cn", language="zh_CN")
        anna = Customer(name="Anna Schmidt", email="anna@example.de", language="en")
        nomail = Customer(name="Kein Mail", email=None, language="en")
        session.add_all([wang, anna, nomail])
        session.flush()
        for number, (customer, rma) in enumerate(((wang, "R-000001"), (anna, "R-000002"), (nomail, "R-000003"))):
            order = Order(number=f"100{number}", customer_id=customer.id, ordered_at=now, currency="EUR")
            session.add(order)
            session.flush()
            session.add(Return(rma=rma, order_id=order.id, customer_id=customer.id, currency="EUR"))
    yield db
    db.dispose()
