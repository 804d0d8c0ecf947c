"""The Textual shell: screens that render the engine's state and send it commands."""
