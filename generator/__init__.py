"""Open Service Catalogue: load -> validate -> model -> render -> write."""
