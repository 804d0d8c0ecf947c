"""Routine files: the model, the strict loader, the JSON Schema and the step timeline."""
