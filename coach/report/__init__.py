"""The report for the physical therapist: adherence, dose, pain and events over a period, on one printable
page. `data.build` works it out from the history (pure); `html` and `markdown` lay it out."""
