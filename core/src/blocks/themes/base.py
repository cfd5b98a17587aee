"""The theme contract and the default theme.

A theme is a class with a unique ``name`` whose instances produce CSS custom
properties for light and dark mode. ``.set(**variables)`` refines any of
them; ``var_name_dark`` sets the dark value.
"""

from __future__ import annotations

from typing import ClassVar

__all__ = ["Theme", "Base", "Default"]

_LIGHT = {
    "body_background_fill": "#ffffff",
    "body_text_color": "#1f2937",
    "body_text_color_subdued": "#6b7280",
    "background_fill_primary": "#ffffff",
    "background_fill_secondary": "#f9fafb",
    "block_background_fill": "#ffffff",
    "block_border_color": "#e5e7eb",
    "block_label_text_color": "#374151",
    "input_background_fill": "#ffffff",
    "input_border_color": "#d1d5db",
    "input_border_color_focus": "{primary_300}",
    "button_primary_background_fill": "{primary_500}",
    "button_primary_background_fill_hover": "{primary_600}",
    "button_primary_text_color": "#ffffff",
    "button_secondary_background_fill": "#f3f4f6",
    "button_secondary_background_fill_hover": "#e5e7eb",
    "button_secondary_text_color": "#1f2937",
    "button_cancel_background_fill": "#ef4444",
    "button_cancel_text_color": "#ffffff",
    "color_accent": "{primary_500}",
    "error_background_fill": "#fef2f2",
    "error_text_color": "#b91c1c",
    "error_border_color": "#fecaca",
    "link_text_color": "{secondary_600}",
    "warning_background_fill": "#fffbeb",
    "warning_text_color": "#92400e",
    "warning_border_color": "#fcd34d",
}
_DARK = {
    "body_background_fill": "#0b0f19",
    "body_text_color": "#f3f4f6",
    "body_text_color_subdued": "#9ca3af",
    "background_fill_primary": "#0b0f19",
    "background_fill_secondary": "#111827",
    "block_background_fill": "#1f2937",
    "block_border_color": "#374151",
    "block_label_text_color": "#d1d5db",
    "input_background_fill": "#111827",
    "input_border_color": "#4b5563",
    "input_border_color_focus": "{primary_600}",
    "button_primary_background_fill": "{primary_600}",
    "button_primary_background_fill_hover": "{primary_700}",
    "button_primary_text_color": "#ffffff",
    "button_secondary_background_fill": "#374151",
    "button_secondary_background_fill_hover": "#4b5563",
    "button_secondary_text_color": "#f3f4f6",
    "button_cancel_background_fill": "#b91c1c",
    "button_cancel_text_color": "#ffffff",
    "color_accent": "{primary_500}",
    "error_background_fill": "#3f1d1d",
    "error_text_color": "#fecaca",
    "error_border_color": "#7f1d1d",
    "link_text_color": "{secondary_400}",
    "warning_background_fill": "#3a2a0a",
    "warning_text_color": "#fde68a",
    "warning_border_color": "#92400e",
}

# Tailwind-like hue scales, 50..950.
HUES = {
    "orange": ["#fff7ed", "#ffedd5", "#fed7aa", "#fdba74", "#fb923c", "#f97316", "#ea580c",
               "#c2410c", "#9a3412", "#7c2d12", "#6c2e12"],
    "blue": ["#eff6ff", "#dbeafe", "#bfdbfe", "#93c5fd", "#60a5fa", "#3b82f6", "#2563eb",
             "#1d4ed8", "#1e40af", "#1e3a8a", "#1d3660"],
    "gray": ["#f9fafb", "#f3f4f6", "#e5e7eb", "#d1d5db", "#9ca3af", "#6b7280", "#4b5563",
             "#374151", "#1f2937", "#111827", "#0b0f19"],
}
_STEPS = (50, 100, 200, 300, 400, 500, 600, 700, 800, 900, 950)


class Theme:
    """Base class of every theme; subclasses set ``name`` and defaults."""

    name: ClassVar[str] = "theme"

    def __init__(self, *, primary_hue: str = "orange", secondary_hue: str = "blue",
                 neutral_hue: str = "gray", radius: str = "8px", spacing: str = "8px",
                 font: str = "system-ui, -apple-system, 'Segoe UI', sans-serif",
                 font_mono: str = "ui-monospace, 'SFMono-Regular', Menlo, monospace",
                 text_size: str = "15px"):
        self.primary_hue = primary_hue
        self.secondary_hue = secondary_hue
        self.neutral_hue = neutral_hue
        self.light = dict(_LIGHT)
        self.dark = dict(_DARK)
        self.light.update(radius=radius, spacing=spacing, font=font, font_mono=font_mono,
                          text_size=text_size)
        self._overrides: dict[str, str] = {}

    def set(self, **variables: str) -> "Theme":
        """Override CSS variables: ``button_primary_background_fill="red"``."""
        for key, value in variables.items():
            if key.endswith("_dark"):
                self.dark[key[:-5]] = value
            else:
                self.light[key] = value
        return self

    def _palette(self) -> dict[str, str]:
        palette = {}
        for prefix, hue in (("primary", self.primary_hue), ("secondary", self.secondary_hue),
                            ("neutral", self.neutral_hue)):
            for step, colour in zip(_STEPS, HUES.get(hue, HUES["gray"])):
                palette[f"{prefix}_{step}"] = colour
        return palette

    def css(self) -> str:
        """The theme's stylesheet: variables for light, dark and the system choice."""
        palette = self._palette()

        def block(values: dict) -> str:
            lines = []
            for key, value in {**palette, **values}.items():
                for ref, colour in palette.items():
                    value = value.replace("{" + ref + "}", colour)
                lines.append(f"  --{key.replace('_', '-')}: {value};")
            return "\n".join(lines)

        dark = block({k: v for k, v in self.dark.items()})
        return (f":root {{\n{block(self.light)}\n  color-scheme: light;\n}}\n"
                f":root.dark {{\n{dark}\n  color-scheme: dark;\n}}\n"
                f"@media (prefers-color-scheme: dark) {{\n  :root:not(.light) {{\n{dark}\n"
                f"  color-scheme: dark;\n  }}\n}}\n")


class Base(Theme):
    name = "base"


class Default(Theme):
    name = "default"
