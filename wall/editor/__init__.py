"""The layout editor for technicians: outputs, layouts, presets (``bsm wall-editor``)."""
