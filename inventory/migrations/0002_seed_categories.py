from django.db import migrations

# The problem categories of GLOSSARY.md; admins may add more. Names in Indonesian: they are what
# offices write in their inventories.
CATEGORIES = [
    ("memilih-lebih-dari-sekali", "Pemilih memilih lebih dari satu kali"),
    ("memilih-tanpa-terdaftar", "Pemilih tidak terdaftar di DPT/DPTb/DPK ikut memilih"),
    ("kotak-suara-dibuka", "Kotak suara dibuka tidak sesuai prosedur"),
    ("surat-suara-kurang-tertukar", "Surat suara kurang atau tertukar antar-dapil"),
    ("kesalahan-prosedur-kpps", "Kesalahan prosedur KPPS"),
    ("ketidaksesuaian-penghitungan", "Ketidaksesuaian hasil penghitungan (pengguna hak pilih, suara sah dan tidak sah)"),
    ("salinan-c-hasil-tidak-diberikan", "Salinan C.Hasil tidak diberikan kepada saksi/pengawas"),
    ("keberatan-saksi", "Keberatan saksi"),
    ("rekomendasi-bawaslu", "Rekomendasi Bawaslu (PSU, penghitungan ulang)"),
    ("intimidasi-politik-uang", "Laporan intimidasi atau politik uang"),
    ("logistik", "Logistik pemilu"),
    ("daftar-pemilih", "Daftar pemilih (DPT)"),
    ("lainnya", "Lainnya"),
]


def seed(apps, schema_editor):
    Category = apps.get_model("inventory", "Category")
    for position, (slug, name) in enumerate(CATEGORIES, start=1):
        Category.objects.update_or_create(slug=slug, defaults={"name": name, "position": position * 10})


def unseed(apps, schema_editor):
    apps.get_model("inventory", "Category").objects.filter(slug__in=[s for s, _ in CATEGORIES]).delete()


class Migration(migrations.Migration):
    dependencies = [("inventory", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
