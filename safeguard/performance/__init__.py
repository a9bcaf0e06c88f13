"""Performance indicators (one SQL file each, a registry of definitions) and the dashboards."""
