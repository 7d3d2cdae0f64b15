"""The assessment report: one self-contained HTML file (inline CSS and SVG, no external assets)."""
