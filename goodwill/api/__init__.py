from ninja import NinjaAPI

api = NinjaAPI(title="Goodwill API", version="1", urls_namespace="api")
