"""The wall's data layer: the dashboard data service (snapshots on an executor) and fake snapshots."""
