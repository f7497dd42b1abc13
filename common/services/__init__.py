"""Domain services: the operations on the model, shared by the hub, the CLI and the demo seed."""
