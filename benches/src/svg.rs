//! A bar chart of the suite's ratios as SVG, written by hand.
//!
//! One group of bars per kernel (and one for the geometric mean): the time
//! of each wasm engine relative to native code, on a logarithmic axis
//! centred on 1 (bars grow up when slower than native, down when faster).

use crate::engines::Engine;
use crate::report::geomean_ratio;
use crate::suite::KernelResult;
use std::fmt::Write;

const WASM_ENGINES: [(Engine, &str); 3] = [
    (Engine::Wasmlite, "#d9480f"),
    (Engine::Wasmtime, "#1971c2"),
    (Engine::Wasm2c, "#2f9e44"),
];
const BAR: f64 = 14.0;
const GAP: f64 = 16.0;
const LEFT: f64 = 60.0;
const TOP: f64 = 50.0;
const PLOT_HEIGHT: f64 = 320.0;
const BOTTOM: f64 = 90.0;

/// The chart for `results`, titled `title`.
pub fn chart(results: &[KernelResult], title: &str) -> String {
    let mut groups: Vec<(String, [Option<f64>; 3])> = results
        .iter()
        .map(|r| {
            (
                r.name.to_string(),
                WASM_ENGINES.map(|(e, _)| r.ratio(e, Engine::Native)),
            )
        })
        .collect();
    groups.push((
        "geomean".to_string(),
        WASM_ENGINES.map(|(e, _)| geomean_ratio(results, e, Engine::Native)),
    ));

    // The axis spans whole powers of two around every ratio, at least 1/2..4.
    let logs = groups
        .iter()
        .flat_map(|(_, r)| r.iter().flatten().map(|v| v.log2()));
    let (low, high) = logs.fold((-1.0f64, 2.0f64), |(lo, hi), v| {
        (lo.min(v.floor()), hi.max(v.ceil()))
    });
    let y = |ratio: f64| TOP + (high - ratio.log2()) / (high - low) * PLOT_HEIGHT;

    let group_width = BAR * 3.0 + GAP;
    let width = LEFT + group_width * groups.len() as f64 + 20.0;
    let height = TOP + PLOT_HEIGHT + BOTTOM;
    let mut svg = String::new();
    writeln!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0}" height="{height:.0}" font-family="sans-serif" font-size="11">"#
    )
    .unwrap();
    writeln!(svg, r#"<rect width="100%" height="100%" fill="white"/>"#).unwrap();
    writeln!(
        svg,
        r#"<text x="{LEFT}" y="20" font-size="14" font-weight="bold">{}</text>"#,
        escape(title)
    )
    .unwrap();
    for (i, (engine, colour)) in WASM_ENGINES.iter().enumerate() {
        let x = LEFT + i as f64 * 150.0;
        writeln!(
            svg,
            r#"<rect x="{x}" y="30" width="10" height="10" fill="{colour}"/>"#
        )
        .unwrap();
        writeln!(
            svg,
            r#"<text x="{}" y="39">{} / native</text>"#,
            x + 14.0,
            engine.name()
        )
        .unwrap();
    }
    let mut exponent = low as i32;
    while exponent <= high as i32 {
        let ratio = 2f64.powi(exponent);
        let ty = y(ratio);
        let stroke = if exponent == 0 { "#000" } else { "#ddd" };
        writeln!(
            svg,
            r#"<line x1="{LEFT}" x2="{:.1}" y1="{ty:.1}" y2="{ty:.1}" stroke="{stroke}"/>"#,
            width - 20.0
        )
        .unwrap();
        let label = if exponent >= 0 {
            format!("{ratio}")
        } else {
            format!("1/{}", 1 << -exponent)
        };
        writeln!(
            svg,
            r#"<text x="{:.1}" y="{:.1}" text-anchor="end">{label}×</text>"#,
            LEFT - 6.0,
            ty + 4.0
        )
        .unwrap();
        exponent += 1;
    }
    for (g, (name, ratios)) in groups.iter().enumerate() {
        let name = escape(name);
        let x0 = LEFT + GAP / 2.0 + g as f64 * group_width;
        for (i, ratio) in ratios.iter().enumerate() {
            let Some(ratio) = ratio else { continue };
            let (top, bottom) = if *ratio >= 1.0 {
                (y(*ratio), y(1.0))
            } else {
                (y(1.0), y(*ratio))
            };
            writeln!(
                svg,
                r#"<rect x="{:.1}" y="{top:.1}" width="{BAR}" height="{:.1}" fill="{}"><title>{name}: {} / native = {ratio:.2}</title></rect>"#,
                x0 + i as f64 * BAR,
                (bottom - top).max(0.5),
                WASM_ENGINES[i].1,
                WASM_ENGINES[i].0.name()
            )
            .unwrap();
        }
        let lx = x0 + BAR * 1.5;
        let ly = TOP + PLOT_HEIGHT + 12.0;
        writeln!(
            svg,
            r#"<text x="{lx:.1}" y="{ly:.1}" text-anchor="end" transform="rotate(-45 {lx:.1} {ly:.1})">{name}</text>"#
        )
        .unwrap();
    }
    svg.push_str("</svg>\n");
    svg
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_bar_per_available_ratio_and_a_geomean_group() {
        let results = [KernelResult {
            name: "k<1>",
            iterations: 1,
            seconds: [Some(1.0), Some(2.0), Some(0.5), None, None, None, None],
        }];
        let svg = chart(&results, "t");
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>\n"));
        // wasmlite and wasmtime for the kernel and for the geomean; no wasm2c.
        assert_eq!(svg.matches("<title>").count(), 4);
        assert!(svg.contains("k&lt;1&gt;: wasmlite / native = 2.00"));
        assert!(svg.contains("geomean: wasmtime / native = 0.50"));
    }
}
