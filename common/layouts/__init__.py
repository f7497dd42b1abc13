"""Wall layouts, outputs and presets: a Qt-free domain model, its validation, edit commands and storage."""
