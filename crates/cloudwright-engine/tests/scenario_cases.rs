//! What-if scenarios (issue 13): the file format (v4, its migration from v3, bad files with
//! JSON paths), applying a scenario (hand-computed bills), the scenario edits and undo, the
//! table (one truth: `totals`) and the chart (curves and crossovers).
//! Property test: a scenario applied and switched back restores the exact design and totals.

use cloudwright_engine::compare::{self, ApiType};
use cloudwright_engine::cost;
use cloudwright_engine::file::{self, SCHEMA_VERSION};
use cloudwright_engine::history::History;
use cloudwright_engine::latency;
use cloudwright_engine::model::{Design, NodeId, PricingModel, Scenario, ScenarioPricing, Switch, Value};
use cloudwright_engine::scenario::{self, chart};
use cloudwright_engine::{totals, Edit};
use proptest::prelude::*;

const V3_SERVERLESS: &str = include_str!("fixtures/file/v3-serverless-api.json");
const V4_SCENARIOS: &str = include_str!("fixtures/file/v4-scenarios.json");

fn template(name: &str) -> Design {
    let path = format!("{}/../../templates/{name}.json", env!("CARGO_MANIFEST_DIR"));
    file::load(&std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn templates() -> Vec<(String, Design)> {
    let dir = format!("{}/../../templates", env!("CARGO_MANIFEST_DIR"));
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".json") && n != "index.json")
        .map(|n| n.trim_end_matches(".json").to_string())
        .collect();
    names.sort();
    names.into_iter().map(|n| (n.clone(), template(&n))).collect()
}

fn problems(text: &str) -> Vec<String> {
    match file::load(text) {
        Ok(_) => panic!("should not load"),
        Err(e) => e.problems.iter().map(|p| p.to_string()).collect(),
    }
}

fn bad(name: &str) -> String {
    let path = format!("{}/tests/fixtures/file/bad/{name}.json", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The line of `node` whose price id is `price`.
fn line(bill: &cost::CostReport, node: &str, price: &str) -> f64 {
    let ls: Vec<_> = bill.lines_of(node).filter(|l| l.price_id == price).collect();
    assert_eq!(ls.len(), 1, "{node} {price}: {:?}", bill.lines_of(node).map(|l| &l.price_id).collect::<Vec<_>>());
    ls[0].monthly
}

fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol
}

fn ten_times() -> Scenario {
    Scenario { traffic_multiplier: 10.0, ..Scenario::new("s1", "10× traffic") }
}

// ---------------------------------------------------------------- file format v4

#[test]
fn a_v3_file_loads_and_saves_as_v4() {
    assert_eq!(SCHEMA_VERSION, 5, "version 5 (issue 14) adds components spanning AZs, nothing scenarios use");
    let l = file::load_versioned(V3_SERVERLESS).expect("v3 loads");
    assert_eq!(l.version, 3);
    assert!(l.design.scenarios.is_empty());
    let saved = file::save(&l.design);
    assert!(saved.starts_with("{\n  \"schema_version\": 5,"), "{}", &saved[..60]);
    assert!(!saved.contains("\"scenarios\""), "no scenarios, no field");
    assert_eq!(file::load(&saved).unwrap(), l.design);
    // The migration changes nothing else: the v3 design as the v4 reader sees it.
    let as_v4 = V3_SERVERLESS.replacen("\"schema_version\": 3", "\"schema_version\": 4", 1);
    assert_eq!(file::load(&as_v4).unwrap(), l.design);
}

#[test]
fn a_v4_file_keeps_its_scenarios_exactly() {
    let d = file::load(V4_SCENARIOS).expect("v4 loads");
    let names: Vec<&str> = d.scenarios.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["10× traffic", "REST API on Savings Plans", "Free tier in Ireland"]);
    assert_eq!(d.scenarios[0].traffic_multiplier, 10.0);
    assert_eq!(d.scenarios[1].pricing, Some(ScenarioPricing::SavingsPlan1y));
    assert_eq!(d.scenarios[1].choices[0].switch, Switch::ApiType);
    assert_eq!(d.scenarios[2].region.as_deref(), Some("eu-west-1"));
    assert_eq!(d.scenarios[2].free_tier, Some(true));
    assert_eq!(file::load(&file::save(&d)).unwrap(), d);
    assert_eq!(file::save(&file::load(&file::save(&d)).unwrap()), file::save(&d));
}

#[test]
fn a_v3_file_with_scenarios_is_refused_at_the_field() {
    assert_eq!(
        problems(&bad("v3-with-scenarios")),
        ["$.scenarios: a version 3 file has no \"scenarios\": scenarios arrived in file format version 4; if this file was written by hand, set \"schema_version\": 4"]
    );
}

#[test]
fn every_bad_scenario_field_is_reported_with_its_path() {
    let got = problems(&bad("scenarios"));
    let want = [
        "$.scenarios[0].traffic_multiplier: Traffic multiplier must be between 0.01 and 1,000 ×; got 5,000",
        "$.scenarios[1].id: two scenarios have the id \"s1\"; each needs its own",
        "$.scenarios[1].name: a scenario needs a name",
        "$.scenarios[1].pricing: Pricing must be one of on_demand, savings_plan1y, savings_plan3y, spot; got \"reserved\"",
        "$.scenarios[1].free_tier: Apply the free tier must be true or false; got text \"yes\"",
        "$.scenarios[1].region: Home region must be one of us-east-1, us-east-2, us-west-2, eu-west-1, eu-central-1, ap-southeast-1, ap-northeast-1; got \"mars-1\"",
        "$.scenarios[2].colour: a scenario has no field \"colour\" (it may have: id, name, traffic_multiplier, pricing, free_tier, region, choices)",
        "$.scenarios[2].choices[0].option: API type must be one of rest, http, websocket; got \"graphql\"",
        "$.scenarios[2].choices[1].node: a choice must name the node it switches",
        "$.scenarios[2].choices[1].switch: Switch must be one of api_type, containers; got \"database\"",
        "$.scenarios[2].choices[2]: the choice has no \"node\"",
        "$.scenarios[3]: must be an object {...}; got text \"not an object\"",
    ];
    assert_eq!(got, want, "\n{}", got.join("\n"));
}

#[test]
fn more_than_nine_scenarios_are_refused() {
    let mut d = template("serverless-api");
    for i in 1..=9 {
        let e = scenario::add(&d, Scenario::new("", format!("S{i}")));
        e.apply(&mut d).unwrap();
    }
    let e = scenario::add(&d, Scenario::new("", "Ten")).apply(&mut d).unwrap_err();
    assert_eq!(e.0, "a design keeps at most 9 scenarios (number keys 1 to 9)");
    let mut doc: serde_json::Value = serde_json::from_str(&file::save(&d)).unwrap();
    doc["scenarios"].as_array_mut().unwrap().push(serde_json::json!({"id": "s10", "name": "Ten"}));
    assert_eq!(problems(&doc.to_string()), ["$.scenarios: a design keeps at most 9 scenarios (number keys 1 to 9); this one has 10"]);
}

// ---------------------------------------------------------------- applying a scenario

/// serverless-api ×10, by hand (prices: data/prices.json 2026-11, us-east-1, free tier off):
/// users send 30M requests/month; 98% resolve through Route 53 to the HTTP API (the other
/// 2% go to Cognito), so the API and the handler Lambda see 29.4M/month at ×1, 294M at ×10.
/// - HTTP API: 294 M × $1.00 (first 300 M tier) = $294.00 (×1: 29.4 × $1.00 = $29.40)
/// - handler requests: 294 M × $0.20 = $58.80 (×1: $5.88)
/// - handler compute (ARM, 1024 MB = 1 GB, 45 ms): 294e6 × 1 × 0.045 = 13,230,000 GB-s,
///   × $0.0000133334 = $176.400882 (first 7.5 B GB-s tier; the pool with the worker,
///   16.9 M GB-s, stays in it) (×1: 1,323,000 GB-s = $17.6400882)
#[test]
fn ten_times_traffic_on_serverless_api_by_hand() {
    let base = template("serverless-api");
    let before = file::save(&base);
    let d = scenario::apply(&base, &ten_times()).unwrap();
    assert_eq!(file::save(&base), before, "the base is untouched");
    let users = d.node(&NodeId::new("users")).unwrap();
    assert_eq!(users.props.get("requests_per_month"), Some(&Value::Number(300_000_000.0)));
    let (b1, b10) = (cost::cost(&base), cost::cost(&d));
    assert!(close(line(&b1, "api", "apigw.http.requests"), 29.40, 1e-9));
    assert!(close(line(&b10, "api", "apigw.http.requests"), 294.00, 1e-9));
    assert!(close(line(&b1, "handler", "lambda.requests"), 5.88, 1e-9));
    assert!(close(line(&b10, "handler", "lambda.requests"), 58.80, 1e-9));
    assert!(close(line(&b1, "handler", "lambda.arm.gb_s"), 17.6400882, 1e-6));
    assert!(close(line(&b10, "handler", "lambda.arm.gb_s"), 176.400882, 1e-6));
    // The scenario is the multiplier, bit for bit: the same bill as cost_at(base, 10).
    assert_eq!(b10.monthly, cost::cost_at(&base, 10.0).monthly);
    assert_eq!(b10.yearly, cost::cost_at(&base, 10.0).yearly);
    assert_eq!(latency::project(&d).entries[0].p95_ms, latency::project_at(&base, 10.0).entries[0].p95_ms);
}

#[test]
fn choices_are_the_compare_panels_edits() {
    let base = template("serverless-api");
    let api = NodeId::new("api");
    let s = Scenario { choices: vec![scenario::choice(&api, Switch::ApiType, "rest")], ..Scenario::new("s1", "REST") };
    let by_scenario = scenario::apply(&base, &s).unwrap();
    let mut by_panel = base.clone();
    compare::apply_api_type(&base, &api, ApiType::Rest).apply(&mut by_panel).unwrap();
    assert_eq!(by_scenario, by_panel);
    assert!(cost::cost(&by_scenario).monthly > cost::cost(&base).monthly, "REST costs more than HTTP");
}

#[test]
fn pricing_free_tier_and_region() {
    let base = template("serverless-api");
    let s = Scenario { pricing: Some(ScenarioPricing::SavingsPlan3y), free_tier: Some(true), region: Some("eu-west-1".into()), ..Scenario::new("s1", "x") };
    let d = scenario::apply(&base, &s).unwrap();
    assert_eq!(d.workload.pricing, PricingModel::SavingsPlan3y);
    assert!(d.workload.free_tier);
    assert_eq!(d.region, "eu-west-1");
    assert_eq!(d.nodes, base.nodes, "nothing else changes");
    // Priced in Ireland, but for the global services (Route 53 here: one price everywhere).
    assert!(cost::cost(&d).lines.iter().all(|l| l.region == if l.kind == "route53" { "global" } else { "eu-west-1" }), "priced in Ireland");
    let sp = Scenario { pricing: Some(ScenarioPricing::SavingsPlan3y), ..Scenario::new("s2", "SP") };
    let bill = cost::cost(&scenario::apply(&base, &sp).unwrap());
    assert!(bill.monthly < cost::cost(&base).monthly, "a Savings Plan discounts the Lambda compute");
    assert!(bill.lines.iter().any(|l| l.category == "Discounts"));
}

#[test]
fn spot_puts_every_fleet_that_can_on_spot() {
    let base = template("ec2-asg-spot");
    let s = Scenario { pricing: Some(ScenarioPricing::Spot), ..Scenario::new("s1", "Spot") };
    let d = scenario::apply(&base, &s).unwrap();
    let mut fleets = 0;
    for n in d.nodes.values() {
        match n.kind.as_str() {
            "asg" | "eks-nodegroup" => assert_eq!(d.num(n, "spot_pct"), 100.0),
            "ec2" => assert_eq!(d.text(n, "purchase"), "spot"),
            _ => continue,
        }
        fleets += 1;
    }
    assert!(fleets > 0, "the template has a fleet");
    assert_eq!(d.workload.pricing, PricingModel::OnDemand);
    // At its own traffic the group runs only its On-Demand base (3), which Spot keeps;
    // at ×10 it grows beyond the base and Spot is cheaper.
    assert_eq!(cost::cost(&d).monthly, cost::cost(&base).monthly);
    let busy = |p| Scenario { traffic_multiplier: 10.0, pricing: p, ..Scenario::new("s2", "busy") };
    let (on_demand, spot) = (scenario::apply(&base, &busy(None)).unwrap(), scenario::apply(&base, &busy(Some(ScenarioPricing::Spot))).unwrap());
    assert!(cost::cost(&spot).monthly < cost::cost(&on_demand).monthly, "Spot is cheaper above the base");
}

#[test]
fn a_scenario_whose_node_was_deleted_says_so_and_stays() {
    let mut base = template("serverless-api");
    let api = NodeId::new("api");
    let s = Scenario { choices: vec![scenario::choice(&api, Switch::ApiType, "rest")], ..Scenario::new("s1", "REST") };
    scenario::add(&base, s.clone()).apply(&mut base).unwrap();
    Edit::remove_cascade(&base, &[api]).apply(&mut base).unwrap();
    let e = scenario::apply(&base, &base.scenarios[0]).unwrap_err();
    assert_eq!(e.to_string(), "scenario \u{201c}REST\u{201d}: API type of api: REST API: node \u{201c}api\u{201d} is no longer in the design");
    assert_eq!(file::load(&file::save(&base)).unwrap(), base, "the file still opens");
    let rows = scenario::table(&base);
    assert_eq!(rows[1].error.as_deref(), Some(e.message.as_str()));
    assert!(rows[1].totals.is_none());
}

#[test]
fn traffic_beyond_a_propertys_range_is_an_error_not_a_clamp() {
    let mut base = template("serverless-api");
    let users = NodeId::new("users");
    Edit::set_prop(&base, &users, "requests_per_month", Some(Value::Number(1e11))).apply(&mut base).unwrap();
    let s = Scenario { traffic_multiplier: 1000.0, ..Scenario::new("s1", "Huge") };
    let e = scenario::apply(&base, &s).unwrap_err();
    assert_eq!(e.message, "at 1,000× traffic, Mobile & web clients: Requests per month must be between 0 and 10,000,000,000,000 requests/month; got 100,000,000,000,000");
}

// ---------------------------------------------------------------- scenario edits and undo

#[test]
fn scenarios_are_added_renamed_changed_and_removed_with_undo() {
    let mut d = template("serverless-api");
    let original = d.clone();
    let mut h = History::new();
    let e = scenario::add(&d, ten_times());
    h.apply(&mut d, e).unwrap();
    let e = scenario::add(&d, Scenario::new("ignored", "Spot"));
    h.apply(&mut d, e).unwrap();
    assert_eq!(d.scenarios.iter().map(|s| s.id.as_str()).collect::<Vec<_>>(), ["s1", "s2"]);
    let e = scenario::rename(&d, "s2", "All on Spot").unwrap();
    h.apply(&mut d, e).unwrap();
    assert_eq!(h.undo_label(&d).as_deref(), Some("Rename scenario \u{201c}Spot\u{201d}"));
    let mut s1 = d.scenarios[0].clone();
    s1.pricing = Some(ScenarioPricing::Spot);
    let e = scenario::update(&d, s1).unwrap();
    h.apply(&mut d, e).unwrap();
    let e = scenario::remove(&d, "s1").unwrap();
    h.apply(&mut d, e).unwrap();
    assert_eq!(d.scenarios.len(), 1);
    assert_eq!(d.scenarios[0].name, "All on Spot");
    while h.can_undo() {
        h.undo(&mut d).unwrap();
    }
    assert_eq!(d, original);
    while h.can_redo() {
        h.redo(&mut d).unwrap();
    }
    assert_eq!(d.scenarios[0].name, "All on Spot");
    // Out-of-range values are refused by the edit, with the file's message.
    let mut bad = d.scenarios[0].clone();
    bad.traffic_multiplier = 0.0;
    assert_eq!(scenario::update(&d, bad).unwrap().apply(&mut d).unwrap_err().0, "Traffic multiplier must be between 0.01 and 1,000 ×; got 0");
    assert_eq!(scenario::rename(&d, "s2", " ").unwrap().apply(&mut d).unwrap_err().0, "a scenario needs a name");
}

#[test]
fn from_assumptions_keeps_only_what_differs() {
    let d = template("serverless-api");
    let s = scenario::from_assumptions(&d, "What if", 3.0, ScenarioPricing::OnDemand, true, "us-east-1", vec![]);
    assert_eq!(s.pricing, None, "the design is on demand already");
    assert_eq!(s.free_tier, Some(true));
    assert_eq!(s.region, None);
    assert_eq!(s.traffic_multiplier, 3.0);
    assert_eq!(s.id, "s1");
}

// ---------------------------------------------------------------- table

#[test]
fn the_table_reads_totals_for_every_scenario() {
    let d = file::load(V4_SCENARIOS).unwrap();
    let rows = scenario::table(&d);
    assert_eq!(rows.len(), 4);
    assert_eq!(rows.iter().map(|r| r.key).collect::<Vec<_>>(), [0, 1, 2, 3]);
    assert_eq!(rows[0].name, "Baseline");
    assert!(rows[0].delta.is_none());
    let base_totals = totals::summary(&d, 1.0);
    assert_eq!(rows[0].totals.as_ref(), Some(&base_totals), "one truth: the baseline row is totals::summary");
    for (row, s) in rows[1..].iter().zip(&d.scenarios) {
        let derived = scenario::apply(&d, s).unwrap();
        let t = totals::summary(&derived, 1.0);
        assert_eq!(row.totals.as_ref(), Some(&t), "{}", s.name);
        let delta = row.delta.as_ref().unwrap();
        assert_eq!(delta.monthly, t.monthly - base_totals.monthly);
        assert!(row.drivers.len() <= 3 && !row.drivers.is_empty());
        assert!(row.drivers.windows(2).all(|w| w[0].monthly >= w[1].monthly));
        let bill = cost::cost(&derived);
        assert_eq!(row.drivers[0].monthly, bill.by_node.values().cloned().fold(0.0, f64::max));
    }
    assert_eq!(rows[1].changes, ["10× traffic"]);
    assert_eq!(rows[2].changes, ["API type of HTTP API: REST API", "Savings Plan, 1 year"]);
    // ×10 on serverless costs more, half the traffic in Ireland with the free tier less.
    assert!(rows[1].delta.as_ref().unwrap().monthly > 0.0);
    assert!(rows[3].delta.as_ref().unwrap().monthly < 0.0);
}

// ---------------------------------------------------------------- chart

#[test]
fn chart_multipliers_span_three_decades() {
    let xs = chart::multipliers();
    assert_eq!(xs.len(), 31);
    assert_eq!((xs[0], xs[10], xs[20], xs[30]), (0.1, 1.0, 10.0, 100.0));
    assert!(xs.windows(2).all(|w| w[0] < w[1]));
}

#[test]
fn each_scenarios_point_is_its_table_cost() {
    let d = file::load(V4_SCENARIOS).unwrap();
    let rows = scenario::table(&d);
    let curves = chart::curves(&d, &chart::multipliers());
    assert_eq!(curves.len(), rows.len());
    for (c, r) in curves.iter().zip(&rows) {
        let m = r.totals.as_ref().unwrap().monthly;
        assert!(close(c.at.1, m, 1e-6 * m.max(1.0)), "{}: chart {} table {}", c.name, c.at.1, m);
    }
    // ×10 differs from the baseline only in traffic: the same curve, another point.
    assert_eq!(curves[1].points, curves[0].points);
    assert_eq!(curves[1].at.0, 10.0);
}

/// Container platforms against each other on every template with a container service: a
/// control plane ($73/month for EKS) against per-task prices, so lines cross. Fleets come
/// in whole instances and tasks, so a cost is a step function and two lines may cross at a
/// step: the check is that the cheaper one changes within 0.1% either side of the crossing,
/// and the reported cost lies between the two there.
#[test]
fn crossovers_are_where_two_costs_meet() {
    let mut found = 0;
    for (name, d) in templates() {
        let mut d = d.clone();
        let Some(svc) = d.nodes.values().find(|n| scenario::CONTAINER_KINDS.contains(&n.kind.as_str())).map(|n| n.id.clone()) else { continue };
        for (i, o) in ["ecs-fargate", "eks-ec2", "eks-fargate", "ecs-ec2"].iter().enumerate() {
            let s = Scenario { choices: vec![scenario::choice(&svc, Switch::Containers, o)], ..Scenario::new(format!("x{i}"), *o) };
            if scenario::apply(&d, &s).is_ok() {
                scenario::add(&d, s).apply(&mut d).unwrap();
            }
        }
        let curves = chart::curves(&d, &chart::multipliers());
        for x in chart::crossovers(&d, &curves) {
            found += 1;
            let (a, b) = (&d_design(&d, x.a), &d_design(&d, x.b));
            let diff = |m: f64| cost::cost_series(a, &[m])[0].1 - cost::cost_series(b, &[m])[0].1;
            let (below, above) = (diff(x.multiplier / 1.001), diff(x.multiplier * 1.001));
            assert!(below * above <= 0.0, "{name}: {} and {} do not cross at {}: {below} then {above}", curves[x.a].name, curves[x.b].name, x.multiplier);
            assert_eq!(if above < 0.0 { x.a } else { x.b }, x.cheaper_above, "{name} at {}", x.multiplier);
            let (ca, cb) = (cost::cost_series(a, &[x.multiplier])[0].1, cost::cost_series(b, &[x.multiplier])[0].1);
            assert!(x.monthly >= ca.min(cb) - 0.01 && x.monthly <= ca.max(cb) + 0.01, "{name}: {} not between {ca} and {cb}", x.monthly);
        }
    }
    assert!(found > 0, "some container switch crosses another within 0.1×–100×");
}

/// The design curve `i` of [`chart::curves`] prices (the baseline or a scenario without its
/// traffic multiplier).
fn d_design(d: &Design, i: usize) -> Design {
    if i == 0 {
        return d.clone();
    }
    let s = Scenario { traffic_multiplier: 1.0, ..d.scenarios[i - 1].clone() };
    scenario::apply(d, &s).unwrap()
}

// ---------------------------------------------------------------- property: back to baseline

fn any_scenario() -> impl Strategy<Value = Scenario> {
    let pricing = prop::option::of(prop::sample::select(ScenarioPricing::ALL.to_vec()));
    let region = prop::option::of(prop::sample::select(vec!["us-east-1", "eu-west-1", "ap-northeast-1"]));
    (0.01f64..1000.0, pricing, prop::option::of(any::<bool>()), region).prop_map(|(m, pricing, free_tier, region)| Scenario {
        traffic_multiplier: m,
        pricing,
        free_tier,
        region: region.map(str::to_string),
        ..Scenario::new("p", "Property")
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]
    /// Switching to a scenario and back (the inverse of its edits) restores the exact base
    /// design and the exact totals; the base itself is never touched.
    #[test]
    fn switching_back_to_baseline_restores_the_exact_totals(t in 0usize..10, s in any_scenario()) {
        let all = templates();
        let (name, base) = &all[t % all.len()];
        let baseline = totals::summary(base, 1.0);
        let e = match scenario::edits(base, &s) {
            Ok(e) => e,
            Err(err) => { prop_assert!(err.message.contains("traffic"), "{name}: {err}"); return Ok(()); }
        };
        let mut d = base.clone();
        e.apply(&mut d).unwrap();
        prop_assert_eq!(&d, &scenario::apply(base, &s).unwrap());
        e.invert().apply(&mut d).unwrap();
        prop_assert_eq!(&d, base);
        prop_assert_eq!(totals::summary(&d, 1.0), baseline.clone());
        prop_assert_eq!(totals::summary(&scenario::active(base, None).unwrap(), 1.0), baseline);
    }
}

// ---------------------------------------------------------------- property: every scenario field

fn any_json() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::json;
    prop_oneof![
        prop::sample::select(vec![0.0, 0.01, 0.0099, 1.0, 999.9, 1000.0, 1000.0001, -1.0, 1e308, 2.5]).prop_map(|x| json!(x)),
        (-10.0f64..2000.0).prop_map(|x| json!(x)),
        any::<bool>().prop_map(|b| json!(b)),
        prop::sample::select(vec!["on_demand", "savings_plan1y", "savings_plan3y", "spot", "reserved", "", "eu-west-1", "us-east-1", "mars-1", "api_type", "containers"]).prop_map(|s| json!(s)),
        Just(serde_json::Value::Null),
        Just(json!([1, 2])),
        Just(json!({"a": 1})),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]
    /// A value in any field of a scenario (or of a choice) is accepted by `file::load` exactly
    /// when the field's spec in `model::fields` accepts it (null where the field is nullable),
    /// and a refusal names the field's JSON path.
    #[test]
    fn every_scenario_field_is_accepted_exactly_when_valid(i in 0usize..5, v in any_json()) {
        use cloudwright_engine::model::fields::{self, Need};
        let mut doc: serde_json::Value = serde_json::from_str(V4_SCENARIOS).unwrap();
        let (f, path) = if i < fields::SCENARIO.len() {
            let f = &fields::SCENARIO[i];
            doc["scenarios"][1][f.spec.key] = v.clone();
            (f, format!("$.scenarios[1].{}", f.spec.key))
        } else {
            let f = &fields::CHOICE[0];
            doc["scenarios"][1]["choices"][0][f.spec.key] = v.clone();
            (f, format!("$.scenarios[1].choices[0].{}", f.spec.key))
        };
        let mut want = if v.is_null() { f.need == Need::Nullable } else { fields::check_json(f, &v).is_ok() };
        if i >= fields::SCENARIO.len() {
            // The choice's option is "rest": valid only for the API type switch.
            want &= v.as_str() == Some("api_type");
        }
        match file::load(&doc.to_string()) {
            Ok(_) => prop_assert!(want, "{path} = {v} was accepted"),
            Err(e) => {
                prop_assert!(!want, "{path} = {v} was refused: {e}");
                // (a switch the option does not fit is reported at the option)
                let at = |p: &str| p == path || (i >= fields::SCENARIO.len() && p == "$.scenarios[1].choices[0].option");
                prop_assert!(e.problems.iter().any(|p| at(&p.path)), "{path}: {e}");
            }
        }
    }
}

/// s20 fidelity #4 (QA, session 19): a scenario's "Home region" did nothing to a design drawn
/// inside a Region container (the container's code prices what it holds): the comparison
/// showed +$0.00 and nothing said why. The home region's drawn Regions now move with it, and
/// the form says which move and which stay.
mod home_region_with_a_drawn_region {
    use cloudwright_engine::model::{Scenario, ScenarioPricing};
    use cloudwright_engine::{cost, home_region, scenario, Design};

    fn design(second: bool) -> Design {
        let mut v = serde_json::json!({
            "schema_version": 5, "name": "drawn region", "region": "us-east-1",
            "nodes": {
                "us": {"id": "us", "kind": "region", "label": "US", "props": {"code": "us-east-1"}},
                "vpc": {"id": "vpc", "kind": "vpc", "parent": "us"},
                "az-a": {"id": "az-a", "kind": "az", "parent": "vpc", "props": {"zone": "a"}},
                "pub-a": {"id": "pub-a", "kind": "subnet", "parent": "az-a", "props": {"tier": "public"}},
                "nat": {"id": "nat", "kind": "nat-gateway", "parent": "pub-a"}
            },
            "connections": {}
        });
        if second {
            v["nodes"]["eu"] = serde_json::json!({"id": "eu", "kind": "region", "label": "EU", "props": {"code": "eu-central-1"}});
        }
        serde_json::from_value(v).unwrap()
    }

    fn to_ireland(d: &Design) -> Scenario {
        scenario::from_assumptions(d, "Ireland", 1.0, ScenarioPricing::OnDemand, d.workload.free_tier, "eu-west-1", vec![])
    }

    fn nat_hour(d: &Design) -> (f64, String) {
        let bill = cost::cost(d);
        let l = bill.lines_of("nat").find(|l| l.price_id == "nat.hour").expect("NAT hour line");
        (l.monthly, l.region.to_string())
    }

    #[test]
    fn the_drawn_region_moves_with_the_home_region() {
        let base = design(false);
        let s = to_ireland(&base);
        assert_eq!(s.region.as_deref(), Some("eu-west-1"));
        // Base: 0.045 $/h × 730 h = 32.85 $ in us-east-1.
        let (m, r) = nat_hour(&base);
        assert!((m - 32.85).abs() < 1e-9, "{m}");
        assert_eq!(r, "us-east-1");
        // The scenario: eu-west-1's factor 1.1 (data/prices.json `regions`): 32.85 × 1.1 = 36.135 $.
        let d = scenario::apply(&base, &s).unwrap();
        let (m, r) = nat_hour(&d);
        assert_eq!(r, "eu-west-1");
        assert!((m - 36.135).abs() < 1e-9, "{m}");
        // What the form says, next to the field.
        assert_eq!(home_region::note(&base, "eu-west-1").as_deref(), Some("Moves Region \"US\" (us-east-1) with it to eu-west-1."));
        assert_eq!(home_region::note(&base, "us-east-1"), None);
        // The batch inverts to the base exactly.
        let mut back = d.clone();
        scenario::edits(&base, &s).unwrap().invert().apply(&mut back).unwrap();
        assert_eq!(back, base);
    }

    /// The design's own Home region field follows the same rule (`home_region::move_to`):
    /// before, it changed only the home region and a design drawn in a Region priced the same.
    #[test]
    fn the_design_field_moves_the_drawn_region_too() {
        let base = design(false);
        let e = home_region::move_to(&base, "eu-west-1").expect("an edit");
        assert_eq!(e.label(), "Change home region");
        let mut d = base.clone();
        e.apply(&mut d).unwrap();
        // As the scenario: eu-west-1's factor 1.1, 0.045 $/h × 730 h × 1.1 = 36.135 $.
        let (m, r) = nat_hour(&d);
        assert_eq!(r, "eu-west-1");
        assert!((m - 36.135).abs() < 1e-9, "{m}");
        // One undo step back to the base exactly.
        e.invert().apply(&mut d).unwrap();
        assert_eq!(d, base);
        assert!(home_region::move_to(&base, "us-east-1").is_none(), "the home region already");
        assert_eq!(home_region::hint(&base).as_deref(), Some("Region \"US\" is drawn in the home region and moves with it."));
        assert_eq!(
            home_region::hint(&design(true)).as_deref(),
            Some("Region \"US\" is drawn in the home region and moves with it. Region \"EU\" in eu-central-1 stays: what is drawn in it keeps that region's prices.")
        );
        let mut undrawn = base.clone();
        undrawn.nodes.clear();
        assert_eq!(home_region::hint(&undrawn), None, "no Region drawn: no hint");
    }

    #[test]
    fn a_region_drawn_elsewhere_stays_and_the_form_says_so() {
        let base = design(true);
        let d = scenario::apply(&base, &to_ireland(&base)).unwrap();
        assert_eq!(d.node(&"eu".into()).map(|n| d.text(n, "code")).as_deref(), Some("eu-central-1"));
        assert_eq!(
            home_region::note(&base, "eu-west-1").as_deref(),
            Some("Moves Region \"US\" (us-east-1) with it to eu-west-1. Region \"EU\" in eu-central-1 stays: what is drawn in it keeps that region's prices.")
        );
    }
}

/// QA s23 #9: the multi-Region template has an "App tasks" service in each Region; the
/// scenario form and a scenario's row name each with its Region, and a lone service by its
/// label alone.
#[test]
fn twin_services_are_named_with_their_region() {
    let d = template("multi-region-active-passive");
    let east = NodeId::from("east-app");
    let west = NodeId::from("west-app");
    assert_eq!(scenario::switch_node_name(&d, &east), "App tasks in us-east-1 (primary)");
    assert_eq!(scenario::switch_node_name(&d, &west), "App tasks in us-west-2 (standby)");
    let c = cloudwright_engine::model::Choice { node: west.clone(), switch: Switch::Containers, option: "eks-fargate".into() };
    assert_eq!(scenario::describe_choice(&d, &c), "Containers of App tasks in us-west-2 (standby): EKS on Fargate");
    // Both in one Region: the ids tell them apart.
    let mut same = d.clone();
    let parent = same.nodes[&east].parent.clone();
    same.nodes.get_mut(&west).unwrap().parent = parent;
    assert_eq!(scenario::switch_node_name(&same, &west), "App tasks in us-east-1 (primary) (west-app)");
    // One service alone: its label.
    let t = template("three-tier");
    let svc = t.nodes.values().find(|n| n.kind == "ecs-service").unwrap();
    assert_eq!(scenario::switch_node_name(&t, &svc.id), svc.label);
}

/// QA s23 #3: the multi-Region template's home region moved to eu-west-1 left its primary
/// Region labelled "us-east-1 (primary)", its AZs "AZ us-east-1a/b" and the design named
/// "(us-east-1 / us-west-2)" while it was priced in Ireland. The labels that name the old
/// region follow it, in the same undo step; the standby Region's do not.
#[test]
fn a_moved_region_takes_its_labels_along() {
    use cloudwright_engine::home_region;
    let base = template("multi-region-active-passive");
    let e = home_region::move_to(&base, "eu-west-1").expect("an edit");
    let mut d = base.clone();
    e.apply(&mut d).unwrap();
    let label = |d: &Design, id: &str| d.nodes[&NodeId::from(id)].label.clone();
    assert_eq!(label(&d, "east-region"), "eu-west-1 (primary)");
    assert_eq!(label(&d, "east-az-a"), "AZ eu-west-1a");
    assert_eq!(label(&d, "east-az-b"), "AZ eu-west-1b");
    assert_eq!(label(&d, "west-region"), "us-west-2 (standby)");
    assert_eq!(d.name, "Multi-region active-passive (eu-west-1 / us-west-2)");
    assert!(d.nodes.values().all(|n| !n.label.contains("us-east-1")), "no label names us-east-1");
    e.invert().apply(&mut d).unwrap();
    assert_eq!(d, base, "one undo step back");

    // The Region's own field: the standby Region drawn in us-east-2 instead.
    let west = NodeId::from("west-region");
    let e = home_region::set_code(&base, &west, "us-east-2");
    assert_eq!(e.label(), "Move Region \"us-west-2 (standby)\" to us-east-2");
    let mut d = base.clone();
    e.apply(&mut d).unwrap();
    assert_eq!(label(&d, "west-region"), "us-east-2 (standby)");
    assert_eq!(d.name, "Multi-region active-passive (us-east-1 / us-east-2)");
    assert!(d.nodes.values().filter(|n| n.kind == "az" && n.label.contains("us-west-2")).count() == 0);
    assert_eq!(label(&d, "east-region"), "us-east-1 (primary)");
    e.invert().apply(&mut d).unwrap();
    assert_eq!(d, base);
}
