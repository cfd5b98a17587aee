"""Five themes built on the core's theme contract (``blocks.themes.Theme``).

Each one only chooses hues, sizes and fonts, then refines variables with
``.set()``; ``EXTRA_CSS`` holds what variables cannot express. Every
variable that changes colour gets a dark value too.
"""

from __future__ import annotations

from blocks.themes import Theme

__all__ = ["Soft", "Glass", "Monochrome", "Ocean", "Citrus"]


class Soft(Theme):
    """Rounded, borderless cards on a tinted page; indigo accents."""

    name = "soft"

    def __init__(self, *, primary_hue="indigo", secondary_hue="indigo", neutral_hue="gray",
                 radius_size="lg", spacing_size="md", **kwargs):
        super().__init__(primary_hue=primary_hue, secondary_hue=secondary_hue,
                         neutral_hue=neutral_hue, radius_size=radius_size,
                         spacing_size=spacing_size, **kwargs)
        self.set(
            body_background_fill="*neutral_50",
            body_background_fill_dark="*neutral_950",
            block_border_width="0px",
            block_shadow="*shadow_drop",
            block_background_fill_dark="*neutral_900",
            panel_background_fill="*primary_50",
            panel_background_fill_dark="*neutral_800",
            input_background_fill="*neutral_50",
            input_background_fill_dark="*neutral_800",
            input_border_color="*neutral_200",
            input_border_color_dark="*neutral_700",
            button_primary_background_fill="*primary_500",
            button_primary_background_fill_hover="*primary_600",
            button_primary_background_fill_dark="*primary_500",
            button_primary_background_fill_hover_dark="*primary_400",
            button_secondary_background_fill="*primary_50",
            button_secondary_background_fill_hover="*primary_100",
            button_secondary_text_color="*primary_700",
            button_secondary_border_color="transparent",
            button_secondary_background_fill_dark="*neutral_700",
            button_secondary_text_color_dark="*primary_100",
            button_secondary_border_color_dark="transparent",
            color_accent_soft="*primary_50",
        )


class Glass(Theme):
    """Frosted, translucent cards over a soft gradient; sky and indigo."""

    name = "glass"
    EXTRA_CSS = """
body { background-attachment: fixed; min-height: 100vh; }
.block, .panel, .tabs-list, .navbar {
  backdrop-filter: blur(12px);
  -webkit-backdrop-filter: blur(12px);
}
"""

    def __init__(self, *, primary_hue="sky", secondary_hue="indigo", neutral_hue="slate",
                 radius_size="md", **kwargs):
        super().__init__(primary_hue=primary_hue, secondary_hue=secondary_hue,
                         neutral_hue=neutral_hue, radius_size=radius_size, **kwargs)
        self.set(
            body_background_fill="linear-gradient(150deg, *primary_100 0%, *neutral_50 45%, "
                                 "*secondary_100 100%)",
            body_background_fill_dark="linear-gradient(150deg, *neutral_950 0%, "
                                      "*secondary_950 100%)",
            block_background_fill="rgb(255 255 255 / 0.6)",
            block_background_fill_dark="rgb(15 23 42 / 0.55)",
            block_border_color="rgb(255 255 255 / 0.8)",
            block_border_color_dark="rgb(148 163 184 / 0.25)",
            block_shadow="0 4px 24px rgb(15 23 42 / 0.08)",
            panel_background_fill="rgb(255 255 255 / 0.35)",
            panel_background_fill_dark="rgb(15 23 42 / 0.35)",
            input_background_fill="rgb(255 255 255 / 0.8)",
            input_background_fill_dark="rgb(2 6 23 / 0.5)",
            button_primary_background_fill="linear-gradient(180deg, *primary_400, "
                                           "*primary_600)",
            button_primary_background_fill_hover="linear-gradient(180deg, *primary_500, "
                                                 "*primary_700)",
            button_primary_background_fill_dark="linear-gradient(180deg, *primary_500, "
                                                "*primary_700)",
            button_primary_background_fill_hover_dark="linear-gradient(180deg, "
                                                      "*primary_400, *primary_600)",
            button_secondary_background_fill="rgb(255 255 255 / 0.7)",
            button_secondary_background_fill_dark="rgb(51 65 85 / 0.6)",
            color_accent="*primary_500",
        )


class Monochrome(Theme):
    """Black on white (white on black in dark mode), square corners, serif text."""

    name = "monochrome"

    def __init__(self, *, primary_hue="neutral", secondary_hue="neutral",
                 neutral_hue="neutral", radius_size="sm",
                 font=("Georgia", "Cambria", "ui-serif", "serif"), **kwargs):
        super().__init__(primary_hue=primary_hue, secondary_hue=secondary_hue,
                         neutral_hue=neutral_hue, radius_size=radius_size, font=font,
                         **kwargs)
        self.set(
            body_text_color="*neutral_900",
            block_border_color="*neutral_300",
            block_border_color_dark="*neutral_700",
            block_background_fill_dark="*neutral_900",
            color_accent="*neutral_900",
            color_accent_dark="*neutral_100",
            input_border_color_focus="*neutral_900",
            input_border_color_focus_dark="*neutral_200",
            link_text_color="*neutral_900",
            link_text_color_dark="*neutral_100",
            button_primary_background_fill="*neutral_900",
            button_primary_background_fill_hover="*neutral_700",
            button_primary_text_color="*neutral_50",
            button_primary_background_fill_dark="*neutral_100",
            button_primary_background_fill_hover_dark="*neutral_300",
            button_primary_text_color_dark="*neutral_950",
            button_secondary_background_fill="#ffffff",
            button_secondary_background_fill_hover="*neutral_100",
            button_secondary_border_color="*neutral_900",
            button_secondary_background_fill_dark="*neutral_900",
            button_secondary_border_color_dark="*neutral_300",
        )


class Ocean(Theme):
    """Deep blue and cyan, with gradient buttons."""

    name = "ocean"

    def __init__(self, *, primary_hue="blue", secondary_hue="cyan", neutral_hue="slate",
                 **kwargs):
        super().__init__(primary_hue=primary_hue, secondary_hue=secondary_hue,
                         neutral_hue=neutral_hue, **kwargs)
        self.set(
            body_background_fill="*secondary_50",
            body_background_fill_dark="*neutral_950",
            block_border_color="*secondary_100",
            block_border_color_dark="*neutral_700",
            block_background_fill_dark="*neutral_900",
            panel_background_fill="*secondary_100",
            panel_background_fill_dark="*neutral_800",
            button_primary_background_fill="linear-gradient(120deg, *secondary_500 0%, "
                                           "*primary_500 70%, *primary_600 100%)",
            button_primary_background_fill_hover="linear-gradient(120deg, *secondary_600 0%, "
                                                 "*primary_600 70%, *primary_700 100%)",
            button_primary_background_fill_dark="linear-gradient(120deg, *secondary_600 0%, "
                                                "*primary_600 100%)",
            button_primary_background_fill_hover_dark="linear-gradient(120deg, "
                                                      "*secondary_500 0%, *primary_500 100%)",
            button_secondary_background_fill="*secondary_100",
            button_secondary_background_fill_hover="*secondary_200",
            button_secondary_text_color="*primary_800",
            button_secondary_border_color="*secondary_200",
            color_accent="*primary_600",
            color_accent_soft="*secondary_50",
        )


class Citrus(Theme):
    """Warm amber and lime on stone, with buttons that press down."""

    name = "citrus"
    EXTRA_CSS = """
.btn-primary:active:not(:disabled) {
  transform: translateY(2px);
  box-shadow: 0 1px 0 var(--primary-700);
}
"""

    def __init__(self, *, primary_hue="amber", secondary_hue="lime", neutral_hue="stone",
                 radius_size="lg", **kwargs):
        super().__init__(primary_hue=primary_hue, secondary_hue=secondary_hue,
                         neutral_hue=neutral_hue, radius_size=radius_size, **kwargs)
        self.set(
            body_background_fill="*primary_50",
            body_background_fill_dark="*neutral_950",
            block_border_color="*primary_200",
            block_border_color_dark="*neutral_700",
            block_border_width="2px",
            block_background_fill_dark="*neutral_900",
            panel_background_fill="*secondary_50",
            panel_background_fill_dark="*neutral_800",
            input_border_color_focus="*secondary_500",
            button_primary_background_fill="*primary_400",
            button_primary_background_fill_hover="*primary_300",
            button_primary_text_color="*neutral_900",
            button_primary_shadow="0 3px 0 *primary_700",
            button_primary_background_fill_dark="*primary_500",
            button_primary_background_fill_hover_dark="*primary_400",
            button_primary_text_color_dark="*neutral_950",
            button_secondary_background_fill="*secondary_100",
            button_secondary_background_fill_hover="*secondary_200",
            button_secondary_text_color="*secondary_900",
            button_secondary_border_color="*secondary_300",
            link_text_color="*secondary_700",
            color_accent="*primary_500",
        )
