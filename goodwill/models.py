"""Django's model registry: imports every area's models (app label "goodwill")."""

import goodwill.accounts.models
import goodwill.capture.models
import goodwill.coach.models
import goodwill.core.models
import goodwill.dav.models
import goodwill.exchange.models
import goodwill.giving.models
import goodwill.interactions.models
import goodwill.leads.models
import goodwill.network.models
import goodwill.notify.models
import goodwill.people.models
import goodwill.reminders.models  # noqa: F401
