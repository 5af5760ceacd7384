app_name = "journal"

# Each area adds its own block; the names are the contract templates rely on.
urlpatterns: list = []
