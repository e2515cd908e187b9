"""What the simulated nominators type and attach: Norwegian texts of realistic length, and real
PDF and PNG files (valid structure, random content so that every file's hash is its own)."""

import random
import struct
import zlib

SENTENCES = (
    "Kommunen har et frivillighetsråd som møtes fire ganger i året.",
    "Rådet har representanter fra idrett, kultur, friluftsliv, helse og beredskap.",
    "Frivillighetsmeldingen ble vedtatt av kommunestyret etter en bred høring.",
    "Lag og foreninger låner kommunens lokaler gratis, og alle lokalene er universelt utformet.",
    "Hvert år arrangeres en frivillighetskonferanse der ordføreren og rådmannen deltar.",
    "Frivilligsentralen og kommunen har laget en felles oversikt over ledige lokaler.",
    "Innspillene fra dialogmøtene er tatt inn i samfunnsdelen av kommuneplanen.",
    "Barne- og ungdomsorganisasjonene har egne møter med kommunens planavdeling.",
    "Kommunen har en frivillighetskoordinator i full stilling siden i fjor.",
    "Organisasjoner for innvandrere er invitert inn i arbeidet med beredskapsplanen.",
    "Søknader om tilskudd behandles raskt, og retningslinjene er laget sammen med lagene.",
    "Kartleggingen viste at mange lag mangler lagerplass; det er nå løst i det nye bygget.",
)

NAMES = ("Kari", "Ola", "Ingrid", "Per", "Aisha", "Jonas", "Siri", "Øystein", "Åse", "Mats")
SURNAMES = ("Nordmann", "Hansen", "Johansen", "Bakke", "Lie", "Dahl", "Sæther", "Østby", "Ali")
ORGANISATIONS = (
    "frivilligsentral",
    "idrettsråd",
    "musikkorps",
    "Røde Kors",
    "turlag",
    "pensjonistforening",
    "4H",
    "speidergruppe",
)
DOCUMENTS = (
    "Frivillighetsmelding",
    "Vedtak i kommunestyret",
    "Mandat for frivillighetsrådet",
    "Referat fra dialogmøtet",
    "Handlingsplan for frivilligheten",
)


def text(rng: random.Random, limit: int, at_least: int = 80) -> str:
    """Paragraphs of sentences, newlines as a browser posts them (CRLF), within `limit`."""
    target = rng.randint(min(at_least, limit), limit)
    paragraphs = []
    while sum(len(p) + 4 for p in paragraphs) < target:
        paragraphs.append(" ".join(rng.choice(SENTENCES) for _ in range(rng.randint(1, 4))))
    return "\r\n\r\n".join(paragraphs)[:limit].strip()


def person(rng: random.Random) -> str:
    return f"{rng.choice(NAMES)} {rng.choice(SURNAMES)}"


def organisation(rng: random.Random, place: str) -> str:
    return f"{place} {rng.choice(ORGANISATIONS)}"


def organisation_number(rng: random.Random) -> str:
    """A number with a valid MOD11 check digit, as the Brønnøysund register gives them."""
    weights = (3, 2, 7, 6, 5, 4, 3, 2)
    while True:
        first = [rng.randint(8, 9)] + [rng.randint(0, 9) for _ in range(7)]
        remainder = 11 - sum(d * w for d, w in zip(first, weights, strict=True)) % 11
        if remainder == 10:
            continue
        check = 0 if remainder == 11 else remainder
        return "".join(map(str, first)) + str(check)


def document_name(rng: random.Random, place: str, extension: str) -> str:
    return f"{rng.choice(DOCUMENTS)} {place} {rng.randint(2019, 2026)}.{extension}"


def pdf(rng: random.Random, title: str, size: int) -> bytes:
    """A valid one-page PDF showing `title`, padded to about `size` bytes with an embedded
    stream of random bytes (as scanned pages make a PDF large)."""
    safe = title.encode("latin-1", errors="replace").replace(b"(", b"[").replace(b")", b"]")
    page_text = b"BT /F1 18 Tf 72 720 Td (" + safe + b") Tj ET"
    filler = rng.randbytes(max(0, size - 900))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> /PieceInfo << /Scan 6 0 R >> >>",
        b"<< /Length %d >>\nstream\n" % len(page_text) + page_text + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(filler) + filler + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def png(rng: random.Random, width: int, height: int) -> bytes:
    """A valid RGB PNG of noise (a photo compresses about as badly)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    rows = b"".join(b"\x00" + rng.randbytes(width * 3) for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows, 1))
        + chunk(b"IEND", b"")
    )
