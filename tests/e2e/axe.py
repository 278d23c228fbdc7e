"""axe-core (tests/e2e/vendor/axe.min.js, 4.14.1) on a page of the live server.

The script is evaluated through the DevTools protocol, which the page's Content-Security-Policy (no inline
script) does not apply to.
"""

from pathlib import Path

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def _load(page):
    if not page.evaluate("() => Boolean(window.axe)"):
        page.evaluate("source => { (0, eval)(source); }", AXE.read_text(encoding="utf-8"))


def axe_violations(page, *selectors: str) -> list[str]:
    """axe-core's WCAG 2 A/AA findings inside the `selectors`."""
    _load(page)
    return page.evaluate(
        """async selectors => {
            const result = await axe.run({include: selectors.map(s => [s])},
                {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa"]}});
            return result.violations.map(v => v.id + ": " + v.nodes.map(n => n.html).join(" | "));
        }""",
        list(selectors),
    )


def serious_violations(page) -> list[str]:
    """The whole page's serious and critical WCAG 2.1 A/AA violations, one line each: rule, help, targets."""
    _load(page)
    return page.evaluate(
        """async tags => {
            // The target, and for a contrast finding the colours axe measured.
            const where = n => {
                const data = n.any.length && n.any[0].data;
                if (!data || !data.contrastRatio) return n.target.join(" ");
                return `${n.target.join(" ")} (${data.fgColor} on ${data.bgColor}, ${data.contrastRatio}:1)`;
            };
            const result = await axe.run(document, {runOnly: {type: "tag", values: tags}});
            return result.violations
                .filter(v => v.impact === "serious" || v.impact === "critical")
                .map(v => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map(where).join(", ")}`);
        }""",
        WCAG_21_AA,
    )
