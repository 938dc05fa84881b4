"""A test PKI made at run time with `cryptography`: a root CA, a person's signing certificate
under it, an expired one, one from a CA nobody trusts, and the National Library's seal as a
password-protected PKCS#12; and signing a PDF with pyHanko as a municipality's e-signature
service would (PAdES)."""

import datetime
import io
from dataclasses import dataclass
from pathlib import Path

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

SEAL_PASSWORD = "sinetti-salasana"
PERSON = "Anna-Liisa Äijälä"


@dataclass(frozen=True)
class Identity:
    cert: x509.Certificate
    key: ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey

    @property
    def name(self) -> str:
        return self.cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value

    def pkcs12(self, chain: list["Identity"], password: str | None) -> bytes:
        encryption = (
            serialization.BestAvailableEncryption(password.encode())
            if password
            else serialization.NoEncryption()
        )
        return pkcs12.serialize_key_and_certificates(
            b"key", self.key, self.cert, [c.cert for c in chain], encryption
        )

    def signer(self, chain: list["Identity"]) -> signers.SimpleSigner:
        return signers.SimpleSigner.load_pkcs12_data(self.pkcs12(chain, None), [])


def _name(common: str, organisation: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "FI"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
            x509.NameAttribute(NameOID.COMMON_NAME, common),
        ]
    )


def issue(
    common: str,
    *,
    issuer: Identity | None = None,
    ca: bool = False,
    organisation: str = "Testi-CA Oy",
    valid_from: datetime.datetime | None = None,
    valid_to: datetime.datetime | None = None,
    timestamping: bool = False,
) -> Identity:
    now = datetime.datetime.now(datetime.UTC)
    # pyHanko's test timestamper signs with RSA only; everyone else has an EC key.
    key = (
        rsa.generate_private_key(public_exponent=65537, key_size=2048)
        if timestamping
        else ec.generate_private_key(ec.SECP256R1())
    )
    subject = _name(common, organisation)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer.cert.subject if issuer else subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(valid_from or now - datetime.timedelta(days=60))
        .not_valid_after(valid_to or now + datetime.timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=not ca,
                content_commitment=not ca,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=ca,
                crl_sign=ca,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
    )
    if timestamping:  # a time-stamping authority (RFC 3161)
        builder = builder.add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True
        )
    if issuer:
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.key.public_key()),
            critical=False,
        )
    return Identity(builder.sign(issuer.key if issuer else key, hashes.SHA256()), key)


@dataclass(frozen=True)
class Pki:
    root: Identity
    person: Identity
    expired: Identity
    stranger: Identity
    stranger_root: Identity
    seal: Identity
    tsa: Identity
    roots_pem: Path  # the trusted root, as SIGNATURE_TRUST_ROOTS
    seal_p12: Path  # the seal with SEAL_PASSWORD, as SEAL_PKCS12_PATH

    def sign(
        self,
        pdf: bytes,
        who: Identity | None = None,
        field: str = "Allekirjoitus",
        timestamp_at: datetime.datetime | None = None,
    ) -> bytes:
        """`pdf` signed (PAdES, an incremental update) as a municipality's e-signature service
        would, by `who` (the person by default); with a timestamp token of the test TSA
        dated `timestamp_at` if given."""
        who = who or self.person
        chain = [self.stranger_root] if who is self.stranger else [self.root]
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
        meta = signers.PdfSignatureMetadata(
            field_name=field, md_algorithm="sha256", subfilter=fields.SigSeedSubFilter.PADES
        )
        timestamper = None
        if timestamp_at is not None:
            timestamper = DummyTimeStamper(
                tsa_cert=_asn1_cert(self.tsa.cert),
                tsa_key=asn1_keys.PrivateKeyInfo.load(
                    self.tsa.key.private_bytes(
                        serialization.Encoding.DER,
                        serialization.PrivateFormat.PKCS8,
                        serialization.NoEncryption(),
                    )
                ),
                certs_to_embed=[_asn1_cert(self.root.cert)],
                fixed_dt=timestamp_at,
            )
        return signers.sign_pdf(
            writer, meta, signer=who.signer(chain), timestamper=timestamper
        ).getvalue()


def _asn1_cert(cert: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


def make_pki(folder: Path) -> Pki:
    now = datetime.datetime.now(datetime.UTC)
    root = issue("Testi-CA juurivarmenne", ca=True, valid_from=now - datetime.timedelta(days=900))
    stranger_root = issue("Tuntematon CA", ca=True, organisation="Tuntematon Oy")
    pki = Pki(
        root=root,
        person=issue(PERSON, issuer=root),
        expired=issue(
            "Erkki Vanhanen",
            issuer=root,
            valid_from=now - datetime.timedelta(days=800),
            valid_to=now - datetime.timedelta(days=30),
        ),
        stranger=issue("Ville Vieras", issuer=stranger_root),
        stranger_root=stranger_root,
        seal=issue("Kansalliskirjasto sinetti", issuer=root, organisation="Helsingin yliopisto"),
        tsa=issue(
            "Testi-aikaleimapalvelu",
            issuer=root,
            timestamping=True,
            valid_from=now - datetime.timedelta(days=800),
        ),
        roots_pem=folder / "roots.pem",
        seal_p12=folder / "seal.p12",
    )
    pki.roots_pem.write_bytes(root.cert.public_bytes(serialization.Encoding.PEM))
    pki.seal_p12.write_bytes(pki.seal.pkcs12([root], SEAL_PASSWORD))
    return pki
