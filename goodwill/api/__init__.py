"""The JSON API (goodwill.api.main builds it). Kept empty so that importing the schemas,
as the CLI does, does not build every router."""
