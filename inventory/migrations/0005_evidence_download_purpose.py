from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("inventory", "0004_problem_version"),
    ]

    operations = [
        migrations.AddField(
            model_name="evidencedownload",
            name="purpose",
            field=models.CharField(
                choices=[("download", "downloaded"), ("view", "opened in the viewer")],
                default="download",
                max_length=10,
                verbose_name="purpose",
            ),
        ),
        migrations.AddIndex(
            model_name="evidencedownload",
            index=models.Index(fields=["evidence", "user"], name="evidence_download_user_idx"),
        ),
    ]
