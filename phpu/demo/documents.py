"""The files the demo uploads as evidence: C.Hasil-like and D.Hasil-like result forms, minutes and
letters rendered by WeasyPrint, and phone-like JPEG photos drawn with Pillow (EXIF time included).

Everything is fictional and says so on the page. Numbers come from a generator seeded by the TPS
code, so every TPS gets its own form (and hash), and a kecamatan's D.Hasil adds up its C.Hasil forms.
"""

import io
import logging
import math
import random
from dataclasses import dataclass, field

from django.template import Context, Engine
from PIL import Image, ImageDraw, ImageFilter, ImageFont

WATERMARK = "DOKUMEN DEMO · FIKTIF"
KPPS_NAMES = [
    "Afrizal",
    "Yusnidar",
    "Hendri Saputra",
    "Rina Marlina",
    "Zulkifli",
    "Nofrianti",
    "Syafrizal",
    "Desi Ratnasari",
    "Irwan Effendi",
    "Yulia Fitri",
    "Dedi Kurniawan",
    "Elvi Susanti",
    "Jasrizal",
    "Mardiana",
]


# How each contest leans, per ballot number: the demo's Bupati race has a clear winner (pair 1), so the
# Pasal 158 eksepsi has something to argue; the other contests are left to chance.
LEAN = {"bupati": {1: 1.3, 3: 0.85}}


@dataclass(frozen=True)
class Place:
    """Names of the region an evidence file is about, down to the TPS where there is one."""

    province: str
    regency: str
    district: str = ""
    village: str = ""
    tps: str = ""


@dataclass
class Tally:
    """The numbers of one TPS result form. `rows` are (number, name, votes, is_subtotal)."""

    dpt: int
    dptb: int
    dpk: int
    users: int
    valid: int
    invalid: int
    received: int
    damaged: int
    rows: list[tuple[str, str, int, bool]] = field(default_factory=list)

    @property
    def registered(self) -> int:
        return self.dpt + self.dptb + self.dpk

    @property
    def cast(self) -> int:
        return self.valid + self.invalid

    @property
    def unused(self) -> int:
        return self.received - self.users - self.damaged


def tally(code: str, contest: str, participants, *, extra_users: int = 0, valid_short: int = 0, subtotal_off=0):
    """Plausible numbers for TPS `code` in `contest`. `participants` is [(number, name, [candidates])].

    The anomalies make the inconsistencies the demo problems talk about: `extra_users` more voters
    recorded than ballots cast, a valid total `valid_short` below the sum of the participants, a
    party subtotal that is `subtotal_off` wrong."""
    rng = random.Random(f"{code}|{contest}")  # noqa: S311 - made-up numbers, not secrets
    dpt = rng.randint(190, 290)
    dptb, dpk = rng.randint(0, 6), rng.randint(0, 4)
    users = round(dpt * rng.uniform(0.72, 0.86)) + dptb + dpk
    invalid = rng.randint(2, 9)
    valid = users - invalid
    lines = [(str(number), name, list(candidates)) for number, name, candidates in participants]
    lean = LEAN.get(contest, {})
    weights = [rng.uniform(0.5, 3.0) * lean.get(int(number), 1.0) for number, _name, _c in lines]
    shares = _split(valid, weights)
    rows: list[tuple[str, str, int, bool]] = []
    for index, ((number, name, candidates), share) in enumerate(zip(lines, shares, strict=True)):
        if not candidates:
            rows.append((number, name, share, False))
            continue
        parts = _split(share, [rng.uniform(0.3, 1.0)] + [rng.uniform(0.4, 2.0) for _ in candidates])
        rows.append((number, f"{name} (suara partai)", parts[0], False))
        rows.extend(
            (f"{number}.{i}", cand, votes, False)
            for i, (cand, votes) in enumerate(zip(candidates, parts[1:], strict=True), 1)
        )
        rows.append(("", f"Jumlah suara sah {name} dan calon", share + (subtotal_off if index == 0 else 0), True))
    received = dpt + math.ceil(dpt * 0.02)
    return Tally(
        dpt=dpt,
        dptb=dptb,
        dpk=dpk,
        users=users + extra_users,
        valid=valid - valid_short,
        invalid=invalid,
        received=received + dptb + dpk,
        damaged=rng.randint(0, 2),
        rows=rows,
    )


def _split(total: int, weights: list[float]) -> list[int]:
    """Whole numbers in the proportions of `weights` that add up to `total` exactly."""
    raw = [total * w / sum(weights) for w in weights]
    parts = [int(x) for x in raw]
    for i in sorted(range(len(raw)), key=lambda i: raw[i] - parts[i], reverse=True)[: total - sum(parts)]:
        parts[i] += 1
    return parts


# ---------------------------------------------------------------------------------------------- PDFs

BASE = """<!doctype html><html lang="id"><head><meta charset="utf-8"><style>
@page { size: A4; margin: 14mm 14mm 16mm;
  @bottom-center { content: "{{ watermark }} · halaman " counter(page); font-family: "DejaVu Sans", sans-serif;
  font-size: 7pt; color: #888; } }
body { font-family: "DejaVu Sans", sans-serif; font-size: 8.5pt; color: #111; }
.mark { position: fixed; top: 95mm; left: -10mm; width: 200mm; text-align: center; transform: rotate(-30deg);
  font-size: 40pt; font-weight: bold; color: rgba(200, 0, 0, 0.10); }
.code { float: right; border: 1.5px solid #000; padding: 2px 8px; font-weight: bold; }
h1 { font-size: 11pt; text-align: center; margin: 18px 0 2px; } h2 { font-size: 9pt; margin: 10px 0 3px; }
.sub { text-align: center; margin: 0 0 8px; font-weight: bold; }
.head { text-align: center; font-weight: bold; font-size: 10pt; border-bottom: 3px double #000; padding-bottom: 4px; }
table { border-collapse: collapse; width: 100%; } td, th { border: 1px solid #000; padding: 2px 4px; }
th { background: #e8e8e8; } td.n { text-align: right; width: 22mm; }
tr.sum td { font-weight: bold; background: #f3f3f3; }
table.loc { width: auto; } table.loc td { border: none; padding: 0 4px; }
table.sign td { border: none; height: 13mm; vertical-align: bottom; }
p { text-align: justify; line-height: 1.35; } .note { font-size: 7pt; color: #555; }
</style></head><body><div class="mark">{{ watermark }}</div>@BODY@</body></html>"""

LOCATION = """<table class="loc">
<tr><td>Provinsi</td><td>: {{ place.province }}</td></tr><tr><td>Kabupaten/Kota</td><td>: {{ place.regency }}</td></tr>
{% if place.district %}<tr><td>Kecamatan</td><td>: {{ place.district }}</td></tr>{% endif %}
{% if place.village %}<tr><td>Desa/Nagari</td><td>: {{ place.village }}</td></tr>{% endif %}
{% if place.tps %}<tr><td>TPS</td><td>: {{ place.tps }}</td></tr>{% endif %}</table>"""

C_HASIL = (
    """<div class="code">{{ form }}</div>{% if copy %}<div>SALINAN</div>{% endif %}
<h1>CATATAN HASIL PENGHITUNGAN PEROLEHAN SUARA {{ contest_title }}</h1><p class="sub">DI TEMPAT PEMUNGUTAN SUARA ·
{{ election }}</p>"""
    + LOCATION
    + """
<h2>I. DATA PEMILIH DAN PENGGUNA HAK PILIH</h2><table>
<tr><th colspan="2">Uraian</th><th>Jumlah</th></tr>
<tr><td>A.1</td><td>Jumlah pemilih dalam DPT</td><td class="n">{{ t.dpt }}</td></tr>
<tr><td>A.2</td><td>Jumlah pemilih dalam DPTb</td><td class="n">{{ t.dptb }}</td></tr>
<tr><td>A.3</td><td>Jumlah pemilih dalam DPK</td><td class="n">{{ t.dpk }}</td></tr>
<tr class="sum"><td>A.4</td><td>Jumlah pemilih (A.1 + A.2 + A.3)</td><td class="n">{{ t.registered }}</td></tr>
<tr class="sum"><td>B.4</td><td>Jumlah seluruh pengguna hak pilih</td><td class="n">{{ t.users }}</td></tr></table>
<h2>II. DATA PENGGUNAAN SURAT SUARA</h2><table>
<tr><td>1</td><td>Jumlah surat suara yang diterima, termasuk surat suara cadangan 2%</td>
<td class="n">{{ t.received }}</td></tr>
<tr><td>2</td><td>Jumlah surat suara yang dikembalikan oleh pemilih karena rusak/keliru coblos</td>
<td class="n">{{ t.damaged }}</td></tr><tr><td>3</td><td>Jumlah surat suara yang tidak digunakan</td>
<td class="n">{{ t.unused }}</td></tr><tr><td>4</td><td>Jumlah surat suara yang digunakan</td>
<td class="n">{{ t.users }}</td></tr></table>
<h2>III. PEROLEHAN SUARA</h2><table><tr><th>No.</th><th>Peserta</th><th>Suara sah</th></tr>
{% for number, name, votes, subtotal in t.rows %}<tr{% if subtotal %} class="sum"{% endif %}><td>{{ number }}</td>
<td>{{ name }}</td><td class="n">{{ votes }}</td></tr>{% endfor %}</table>
<h2>IV. JUMLAH SUARA SAH DAN TIDAK SAH</h2><table>
<tr><td>A</td><td>Jumlah seluruh suara sah</td><td class="n">{{ t.valid }}</td></tr>
<tr><td>B</td><td>Jumlah suara tidak sah</td><td class="n">{{ t.invalid }}</td></tr>
<tr class="sum"><td>C</td><td>Jumlah seluruh suara sah dan tidak sah (A + B)</td>
<td class="n">{{ t.cast }}</td></tr></table>
<h2>KETUA DAN ANGGOTA KPPS · SAKSI</h2><table class="sign">{% for left, right in signers %}
<tr><td>{{ left }} ..................</td><td>{{ right }} ..................</td></tr>{% endfor %}</table>
<p class="note">{{ place.tps }}, {{ date }}. Formulir contoh untuk demo Siaga PHPU; angka dan nama fiktif.</p>"""
)

D_HASIL = (
    """<div class="code">{{ form }}</div>
<h1>SERTIFIKAT REKAPITULASI HASIL PENGHITUNGAN PEROLEHAN SUARA {{ contest_title }}</h1>
<p class="sub">DI TINGKAT {{ level }} · {{ election }}</p>"""
    + LOCATION
    + """
<h2>PEROLEHAN SUARA PER {{ unit|upper }}</h2><table><tr><th>{{ unit }}</th>{% for number, name in heads %}
<th>{{ number }}. {{ name }}</th>{% endfor %}<th>Suara sah</th><th>Tidak sah</th><th>Pengguna hak pilih</th></tr>
{% for name, votes, valid, invalid, users in lines %}<tr><td>{{ name }}</td>{% for v in votes %}
<td class="n">{{ v }}</td>{% endfor %}<td class="n">{{ valid }}</td><td class="n">{{ invalid }}</td>
<td class="n">{{ users }}</td></tr>{% endfor %}<tr class="sum"><td>Jumlah</td>{% for v in totals %}
<td class="n">{{ v }}</td>{% endfor %}</tr></table>
<h2>{{ body }} · SAKSI</h2><table class="sign">{% for left, right in signers %}
<tr><td>{{ left }} ..................</td><td>{{ right }} ..................</td></tr>{% endfor %}</table>
<p class="note">{{ where }}, {{ date }}. Sertifikat contoh untuk demo Siaga PHPU; angka dan nama fiktif.</p>"""
)

DOCUMENT = (
    """{% if form %}<div class="code">{{ form }}</div>{% endif %}
<div class="head">{% for line in institution %}{{ line }}<br>{% endfor %}</div>
<h1>{{ title }}</h1>{% if number %}<p class="sub">Nomor: {{ number }}</p>{% endif %}"""
    + LOCATION
    + """
{% for paragraph in paragraphs %}<p>{{ paragraph }}</p>{% endfor %}
<p>{{ place_date }}</p><table class="sign">{% for left, right in signers %}
<tr><td>{{ left }}{% if left %}<br><br>( ...................................... ){% endif %}</td>
<td>{{ right }}{% if right %}<br><br>( ...................................... ){% endif %}</td></tr>{% endfor %}</table>
<p class="note">Dokumen contoh untuk demo Siaga PHPU; isi, nomor dan nama fiktif.</p>"""
)

_engine = Engine()
_templates: dict[str, object] = {}


def _render_pdf(body: str, context: dict) -> bytes:
    if body not in _templates:
        _templates[body] = _engine.from_string(BASE.replace("@BODY@", body))
    html = _templates[body].render(Context({"watermark": WATERMARK, **context}))
    progress = logging.getLogger("weasyprint.progress")
    level = progress.level
    progress.setLevel(logging.WARNING)  # its step-by-step INFO lines would drown the demo's output
    try:
        from weasyprint import HTML  # its import parses the default stylesheets, logging each step

        return HTML(string=html).write_pdf()
    finally:
        progress.setLevel(level)


def _pairs(names: list[str]) -> list[tuple[str, str]]:
    names = names + [""] * (len(names) % 2)
    return list(zip(names[::2], names[1::2], strict=True))


def _kpps(code: str) -> list[str]:
    rng = random.Random(code)  # noqa: S311 - made-up names, not secrets
    members = rng.sample(KPPS_NAMES, 7)
    return [f"Ketua KPPS: {members[0]}"] + [f"Anggota {i}: {name}" for i, name in enumerate(members[1:], 1)]


def c_hasil_pdf(
    *, place: Place, code: str, form: str, contest_title: str, election: str, date: str, tally_, copy=False
):
    witnesses = [f"Saksi {number}" for number, _name, _votes, subtotal in tally_.rows if number and "." not in number]
    return _render_pdf(
        C_HASIL,
        {
            "place": place,
            "form": form,
            "copy": copy,
            "contest_title": contest_title,
            "election": election,
            "date": date,
            "t": tally_,
            "signers": _pairs(_kpps(code) + witnesses),
        },
    )


def d_hasil_pdf(
    *,
    place: Place,
    form: str,
    contest_title: str,
    election: str,
    date: str,
    heads,
    lines,
    signers,
    level: str = "KECAMATAN",
    unit: str = "Desa/Nagari",
    body: str = "",
    where: str = "",
):
    """`lines` are (village or kecamatan, [votes per participant], valid, invalid, users). The defaults
    are the kecamatan's D.Hasil (per village, signed by the PPK); a regency's lists its kecamatan."""
    totals = [sum(col) for col in zip(*(line[1] for line in lines), strict=True)]
    totals += [sum(line[i] for line in lines) for i in (2, 3, 4)]
    return _render_pdf(
        D_HASIL,
        {
            "place": place,
            "form": form,
            "contest_title": contest_title,
            "election": election,
            "date": date,
            "heads": heads,
            "lines": lines,
            "totals": totals,
            "signers": _pairs(signers),
            "level": level,
            "unit": unit,
            "body": body or f"PPK {place.district}",
            "where": where or place.district,
        },
    )


def document_pdf(*, place: Place, institution, title, paragraphs, place_date, signers, number="", form=""):
    """Minutes (berita acara), letters and incident forms: a letterhead, a title, paragraphs, signatures."""
    return _render_pdf(
        DOCUMENT,
        {
            "place": place,
            "institution": institution,
            "title": title,
            "number": number,
            "form": form,
            "paragraphs": paragraphs,
            "place_date": place_date,
            "signers": _pairs(list(signers)),
        },
    )


# -------------------------------------------------------------------------------------------- photos

SIZE = (1024, 768)


def _font(size: int):
    return ImageFont.load_default(size=size)


def photo_jpeg(*, scene: str, banner: str, caption: str, taken: str, seed: str, blur: bool = False) -> bytes:
    """A phone-like photo: a drawn scene with a banner, the time stamp a camera app prints, and EXIF
    DateTimeOriginal `taken` ("YYYY:MM:DD HH:MM:SS", local time). `blur`: shaken, unreadable."""
    rng = random.Random(seed)  # noqa: S311 - drawing positions, not secrets
    image = Image.new("RGB", SIZE)
    draw = ImageDraw.Draw(image)
    indoor = scene in {"pleno", "plano", "dokumen"}
    top, bottom = ((236, 230, 214), (205, 196, 178)) if indoor else ((126, 178, 222), (200, 225, 240))
    for y in range(SIZE[1]):
        mix = y / SIZE[1]
        draw.line([(0, y), (SIZE[0], y)], fill=tuple(int(a + (b - a) * mix) for a, b in zip(top, bottom, strict=True)))
    if indoor:
        draw.rectangle([0, 560, SIZE[0], SIZE[1]], fill=(150, 120, 90))
    else:
        for _ in range(3):  # the hills around Solok
            x = rng.randint(-200, 800)
            draw.ellipse(
                [x, 330 + rng.randint(0, 60), x + rng.randint(500, 900), 900], fill=(70, 130 + rng.randint(0, 40), 70)
            )
        draw.rectangle([0, 600, SIZE[0], SIZE[1]], fill=(120, 150, 90))
    scenes = {"tps": _scene_tps, "plano": _scene_plano, "pleno": _scene_pleno, "logistik": _scene_logistik}
    scenes.get(scene, _scene_dokumen)(draw, rng)
    draw.rectangle([60, 40, SIZE[0] - 60, 110], fill=(255, 255, 255), outline=(180, 20, 20), width=4)
    draw.text((SIZE[0] // 2, 75), banner, font=_font(30), fill=(150, 10, 10), anchor="mm")
    for _ in range(rng.randint(3, 7)):  # people
        x, y = rng.randint(40, SIZE[0] - 60), rng.randint(560, 680)
        colour = rng.choice([(30, 60, 140), (200, 200, 200), (120, 40, 40), (40, 40, 40), (220, 180, 60)])
        draw.rectangle([x - 18, y - 70, x + 18, y], fill=colour)
        draw.ellipse([x - 14, y - 100, x + 14, y - 72], fill=(190, 140, 100))
    if blur:
        image = image.filter(ImageFilter.GaussianBlur(9))
        draw = ImageDraw.Draw(image)
    draw.rectangle([0, SIZE[1] - 70, SIZE[0], SIZE[1]], fill=(0, 0, 0))
    stamp = f"{taken[8:10]}/{taken[5:7]}/{taken[0:4]} {taken[11:16]} WIB"
    draw.text((20, SIZE[1] - 52), f"{stamp} · {caption}", font=_font(22), fill=(255, 220, 80))
    draw.text((20, SIZE[1] - 24), WATERMARK, font=_font(16), fill=(200, 200, 200))
    exif = Image.Exif()
    exif[0x010F] = "Siaga PHPU demo"  # Make
    exif[0x0110] = "Kamera demo"  # Model
    exif[0x0132] = taken  # DateTime
    exif.get_ifd(0x8769)[0x9003] = taken  # DateTimeOriginal
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80, exif=exif)
    return buffer.getvalue()


def _scene_tps(draw, rng):
    # A tent over a table with ballot boxes and a voting booth.
    draw.polygon([(150, 250), (870, 250), (960, 330), (60, 330)], fill=(240, 240, 245), outline=(120, 120, 120))
    for x in (80, 940):
        draw.rectangle([x - 5, 330, x + 5, 600], fill=(90, 90, 90))
    draw.rectangle([200, 470, 820, 500], fill=(160, 110, 60))
    for i in range(rng.randint(3, 5)):
        x = 220 + i * 120
        draw.rectangle([x, 390, x + 90, 470], fill=(225, 235, 245), outline=(60, 60, 60), width=2)
        draw.rectangle([x + 30, 395, x + 60, 402], fill=(40, 40, 40))
    draw.rectangle([860, 380, 960, 560], fill=(180, 180, 190), outline=(60, 60, 60), width=2)


def _scene_plano(draw, rng):
    # A large result sheet (plano) on the wall, rows of tally marks.
    draw.rectangle([140, 140, 884, 540], fill=(252, 252, 248), outline=(50, 50, 50), width=3)
    for row in range(9):
        y = 180 + row * 38
        draw.line([(160, y + 30), (864, y + 30)], fill=(120, 120, 120))
        draw.text((170, y), f"{row + 1}.", font=_font(20), fill=(20, 20, 20))
        for mark in range(rng.randint(2, 12)):
            x = 240 + mark * 46
            for stroke in range(4):
                draw.line([(x + stroke * 8, y + 2), (x + stroke * 8, y + 24)], fill=(20, 20, 120), width=2)
            draw.line([(x - 4, y + 22), (x + 30, y + 4)], fill=(20, 20, 120), width=2)


def _scene_pleno(draw, rng):
    # A meeting room: long tables, laptops, a projected sheet.
    draw.rectangle([300, 140, 724, 380], fill=(255, 255, 255), outline=(80, 80, 80), width=2)
    for row in range(6):
        draw.line([(320, 170 + row * 35), (700, 170 + row * 35)], fill=(150, 150, 150), width=2)
    for y in (430, 500):
        draw.rectangle([80, y, 944, y + 26], fill=(120, 80, 40))
        for i in range(rng.randint(3, 6)):
            x = 120 + i * 140
            draw.rectangle([x, y - 30, x + 60, y], fill=(50, 50, 60))


def _scene_logistik(draw, rng):
    # Stacked boxes of ballots in a warehouse or on a truck.
    for col in range(rng.randint(4, 6)):
        for row in range(rng.randint(2, 4)):
            x, y = 120 + col * 130, 560 - (row + 1) * 90
            draw.rectangle([x, y, x + 120, y + 88], fill=(200, 160, 100), outline=(110, 80, 40), width=2)
            draw.line([(x, y + 44), (x + 120, y + 44)], fill=(110, 80, 40), width=2)


def _scene_dokumen(draw, rng):
    # Sheets of paper on a table: a list, a form, a letter.
    draw.rectangle([60, 300, 964, 620], fill=(140, 95, 55))
    for i in range(rng.randint(2, 4)):
        x, y = 110 + i * 210 + rng.randint(-20, 20), 180 + rng.randint(0, 60)
        draw.rectangle([x, y, x + 180, y + 250], fill=(250, 250, 245), outline=(90, 90, 90))
        for line in range(12):
            width = rng.randint(80, 150)
            draw.line([(x + 15, y + 20 + line * 18), (x + 15 + width, y + 20 + line * 18)], fill=(60, 60, 60), width=2)
