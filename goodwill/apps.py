from django.apps import AppConfig


class GoodwillConfig(AppConfig):
    name = "goodwill"
    label = "goodwill"
    verbose_name = "Goodwill"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Imported here: Django needs the models loaded before any area's services.
        from goodwill import (
            checks,  # noqa: F401  (registers system checks)
            wiring,
        )

        wiring.connect()
