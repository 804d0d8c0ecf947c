"""Programs: a plan across the weeks recovery takes (stages of routines with dose changes), and the
pure decision of what to do today from the person's own log. Headless: no Textual, no I/O but the loader's."""
