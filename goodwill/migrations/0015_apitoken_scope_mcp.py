# API tokens gain the "mcp" scope (issue 22): the level (read or write), then "mcp" when
# an AI assistant may use the token through the MCP server. Existing tokens keep theirs.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("goodwill", "0014_dav_address_book"),
    ]

    operations = [
        migrations.AlterField(
            model_name="apitoken",
            name="scope",
            field=models.CharField(
                choices=[
                    ("read", "read only"),
                    ("write", "read and write"),
                    ("read mcp", "read only, MCP too"),
                    ("write mcp", "read and write, MCP too"),
                ],
                default="write",
                max_length=20,
            ),
        ),
    ]
