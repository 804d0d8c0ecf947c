"""The session engine: plays a step timeline against an injected clock. Pure Python, no Textual."""
