//! The standalone SVG of a design: every node and connection is drawn, icons come from the
//! caller, text is escaped, and the output is deterministic.

use cloudwright_engine::diagram::{self, SvgOptions};
use cloudwright_engine::{file, Design};
use std::collections::BTreeMap;

fn template(name: &str) -> Design {
    file::load(&std::fs::read_to_string(format!("../../templates/{name}.json")).unwrap()).unwrap()
}

#[test]
fn draws_every_node_and_connection_with_the_callers_icons() {
    let d = template("three-tier");
    let mut icons = BTreeMap::new();
    icons.insert("alb".to_string(), diagram::svg_data_uri("<svg><g/></svg>"));
    let svg = diagram::render(&d, &SvgOptions { icons, ..Default::default() });
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert!(svg.ends_with("</svg>"));
    // One <text> per node (container labels and leaf labels), one <path d="M..."> per connection.
    assert_eq!(svg.matches("<text ").count(), d.nodes.keys().filter(|id| d.layout.contains_key(*id)).count());
    assert_eq!(svg.matches("<path ").count(), d.connections.len() + 1, "one path per connection, plus the arrowhead marker");
    // Only the one icon supplied is drawn, as an image with the encoded URI.
    assert_eq!(svg.matches("<image ").count(), d.nodes.values().filter(|n| n.kind == "alb").count());
    assert!(svg.contains("href=\"data:image/svg+xml,%3Csvg%3E%3Cg/%3E%3C/svg%3E\""));
    // Deterministic.
    assert_eq!(svg, diagram::render(&d, &SvgOptions { icons: BTreeMap::from([("alb".to_string(), diagram::svg_data_uri("<svg><g/></svg>"))]), ..Default::default() }));
}

#[test]
fn size_is_the_bounds_plus_a_24_px_margin() {
    let mut d = Design::new("x", "us-east-1");
    let e = cloudwright_engine::Edit::AddNode {
        node: cloudwright_engine::Node { id: "a".into(), kind: "lambda".into(), label: "A & <B>".into(), parent: None, span: Vec::new(), props: Default::default(), ingress: vec![], suppressions: vec![] },
        rect: Some(cloudwright_engine::Rect::new(10.0, 20.0, 112.0, 72.0)),
    };
    e.apply(&mut d).unwrap();
    // 112 + 2*24 = 160 wide, 72 + 2*24 = 120 high.
    assert_eq!(diagram::size(&d), (160.0, 120.0));
    let svg = diagram::render(&d, &SvgOptions::default());
    assert!(svg.contains("width=\"160\" height=\"120\""));
    assert!(svg.contains("A &amp; &lt;B&gt;"), "labels are escaped");
    assert!(!svg.contains("<image"), "no icons supplied, none drawn");
}

#[test]
fn the_legend_names_the_design_its_kinds_and_connection_styles_and_the_monthly_total() {
    let d = template("three-tier");
    let opts = SvgOptions { legend: true, monthly_total: Some(diagram::svg::MonthlyTotal::of(&d)), ..Default::default() };
    let svg = diagram::render(&d, &opts);
    assert!(svg.contains(r#"<g class="diagram-title">"#) && svg.contains(&d.name));
    // The total is the cost engine's monthly figure, written by units::money.
    let total = cloudwright_engine::units::money(cloudwright_engine::cost::cost(&d).monthly);
    assert!(svg.contains(&format!("Monthly total {total}")), "{total}");
    assert!(svg.contains(r#"<g class="legend">"#));
    for kind in diagram::kinds_used(&d) {
        let name = cloudwright_engine::catalog::kind(&kind).unwrap().name;
        assert!(svg.contains(&cloudwright_engine::text::xml_escape(name)), "{name} in the legend");
    }
    // three-tier uses sync, async and association connections, not replication.
    assert!(svg.contains("Request (sync)") && svg.contains("Event or message (async)") && svg.contains("Uses (association)"));
    assert!(!svg.contains(">Replication<"));
    // The size includes the header and legend bands.
    let (w, h) = diagram::svg::size_with(&d, &opts);
    assert!(svg.contains(&format!(r#"width="{w}" height="{h}""#)));
    assert!(h > diagram::size(&d).1 + 44.0);
    // Without the total, no figure.
    assert!(!diagram::render(&d, &SvgOptions { legend: true, ..Default::default() }).contains("Monthly total"));
}
