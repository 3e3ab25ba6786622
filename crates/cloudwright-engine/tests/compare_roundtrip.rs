//! QA s23 #1: in Compare, an option's figure depended on which option was in use ("ECS on
//! Fargate" $82.64 from ECS, $97.05 from EKS on Fargate, $61.01 from EKS on EC2), and a round
//! trip through EKS by Switch silently changed the service (arm → x86, traffic sizing → fixed,
//! a new ECS cluster: $523.71 → $538.12). A Switch now starts from the service as it was
//! before the Switches just made on it (read from the undo history: the Switch edit holds the
//! node as it was), and the row and the undo label say what a switch does not keep.

use cloudwright_engine::compare::{apply_container_option_after, compare_containers_after, ContainerOption};
use cloudwright_engine::{cost, sample, Design, Edit, History, NodeId, Value};

use ContainerOption::{EcsEc2, EcsFargate, EksEc2, EksFargate};

fn total(d: &Design) -> f64 {
    (cost::month(d).1 * 100.0).round() / 100.0
}

/// The starter's monthly total: $523.71 when QA found the round trip, $511.71 since Route 53's
/// queries to an alias target (its CDN) are free (s23-r53: its 30M DNS queries, $12, left the bill).
const STARTER: f64 = 511.71;

/// The starter switched by Compare along `path`, with the history the app keeps.
fn switched(path: &[ContainerOption]) -> (Design, History) {
    let mut d = sample::three_tier();
    let mut h = History::new();
    for o in path {
        let e = apply_container_option_after(&d, h.done(), &NodeId::new("app-a"), *o);
        assert!(matches!(&e, Edit::Batch { edits, .. } if !edits.is_empty()), "{path:?}: {}", e.label());
        h.apply(&mut d, e).unwrap();
    }
    (d, h)
}

/// Compare's figure for each option, in option order.
fn table(d: &Design, h: &History) -> [f64; 4] {
    let c = compare_containers_after(d, h.done(), &NodeId::new("app-a")).unwrap();
    ContainerOption::ALL.map(|o| c.options.iter().find(|r| r.option == o).unwrap().monthly)
}

/// The starter's two services, "Web app (a)" and "Web app (b)": ECS on Fargate, Graviton,
/// sized by traffic. Compare's figures, hand-computed (us-east-1 list prices):
/// - ECS on Fargate: 2 tasks per service (the minimum: ~1.2 req/s against 100 req/s a task)
///   × 2 services × 730 h × (0.5 vCPU × $0.03238 + 1 GB × $0.00356, Fargate ARM)
///   = 2,920 × $0.01975 = $57.67 compute, + ALB $24.28 + data transfer $0.69 = **$82.64**.
/// - EKS on Fargate (x86 only): 2 pods per service, 0.5 vCPU / 1 GB + 0.25 GB → 0.5 vCPU / 2 GB
///   = 2,920 × (0.5 × $0.04048 + 2 × $0.004445) = 2,920 × $0.02913 = $85.06, + the cluster
///   730 h × $0.10 = $73.00, + its control-plane logs 30 GB × $0.50 = $15.00, + ALB and data
///   transfer $24.97 = **$198.03**.
/// - ECS on EC2 $169.93 and EKS on EC2 $240.27: the bill after each Switch (the Switch tests
///   check them against the bill to the cent).
const FIGURES: [f64; 4] = [169.93, 82.64, 240.27, 198.03];

/// Each option's figure is the same whichever option is in use: from the starter and from
/// each option reached from it by Switch (and by two Switches), the four figures are equal to
/// the cent. Fails on main: ECS on Fargate $97.05 from EKS on Fargate, $61.01 from EKS on EC2.
#[test]
fn each_option_costs_the_same_whichever_option_is_in_use() {
    let starter = sample::three_tier();
    assert_eq!(table(&starter, &History::new()), FIGURES);
    for path in [vec![EcsEc2], vec![EksEc2], vec![EksFargate], vec![EksFargate, EksEc2], vec![EcsEc2, EksFargate], vec![EksEc2, EcsEc2]] {
        let (d, h) = switched(&path);
        assert_eq!(table(&d, &h), FIGURES, "in use: {:?}", path.last());
        // and the bill of the design in use is the starter's plus the change Compare listed
        // (ContainerOption::ALL is in declaration order: FIGURES[o as usize] is o's figure.)
        let listed = FIGURES[*path.last().unwrap() as usize] - FIGURES[EcsFargate as usize];
        assert!((total(&d) - (STARTER + listed)).abs() < 0.015, "{path:?}: {} vs STARTER {listed:+.2}", total(&d));
    }
}

/// ECS on Fargate → (EKS on Fargate | EKS on EC2 | ECS on EC2 | EKS on Fargate → EKS on EC2) →
/// ECS on Fargate gives the starter back exactly: $523.71, Graviton, traffic sizing, and no
/// ECS cluster (the starter has none). Fails on main: $538.12, x86, fixed, "ECS cluster" added.
#[test]
fn a_round_trip_by_switch_gives_the_service_back_as_it_was() {
    let starter = sample::three_tier();
    assert_eq!(total(&starter), STARTER);
    for via in [vec![EksFargate], vec![EksEc2], vec![EcsEc2], vec![EksFargate, EksEc2]] {
        let mut path = via.clone();
        path.push(EcsFargate);
        let (mut d, mut h) = switched(&path);
        assert_eq!(total(&d), STARTER, "via {via:?}");
        for id in ["app-a", "app-b"] {
            let n = &d.nodes[&NodeId::new(id)];
            assert_eq!((n.kind.as_str(), n.props.get("architecture"), n.props.get("sizing")), ("ecs-service", Some(&Value::Text("arm".into())), Some(&Value::Text("traffic".into()))), "via {via:?}");
        }
        assert!(!d.nodes.values().any(|n| n.kind == "ecs-cluster"), "via {via:?}: no ECS cluster added");
        assert_eq!(d, starter, "via {via:?}: the starter exactly");
        let label = h.undo_label(&d).unwrap();
        assert_eq!(label, "Switch \u{201c}Web app (a)\u{201d} and \u{201c}Web app (b)\u{201d} back to ECS on Fargate as it was");
        // One undo shows the option it came from again.
        h.undo(&mut d).unwrap();
        assert_eq!(d, switched(&via).0, "via {via:?}: undo");
    }
}

/// What a switch cannot keep is named in the option's row before the click and in the undo
/// label (the app's toast) after it. EKS on Fargate runs pods on x86 only (AWS: no
/// architecture in a Fargate profile; aws/containers-roadmap#1629, EKS Fargate Graviton, is
/// open), and a Fargate profile runs a fixed number of pods.
#[test]
fn the_row_and_the_undo_label_say_what_a_switch_does_not_keep() {
    let d = sample::three_tier();
    let c = compare_containers_after(&d, &[], &NodeId::new("app-a")).unwrap();
    let row = |o: ContainerOption| c.options.iter().find(|r| r.option == o).unwrap().switch_note.clone().unwrap_or_default();
    assert!(row(EksFargate).contains("Graviton (arm64) not available on EKS on Fargate (its pods run on x86 only): priced as x86"), "{}", row(EksFargate));
    assert!(row(EksFargate).contains("traffic sizing not kept: an EKS Fargate profile runs a fixed 2 pods (drawn for the peak)"), "{}", row(EksFargate));
    assert!(row(EksEc2).contains("Graviton (arm64) not kept: Switch draws x86 instances"), "{}", row(EksEc2));
    assert!(row(EcsEc2).contains("Graviton (arm64) not kept: Switch draws x86 instances"), "{}", row(EcsEc2));
    let e = apply_container_option_after(&d, &[], &NodeId::new("app-a"), EksFargate);
    assert_eq!(e.label(), "Switch \u{201c}Web app (a)\u{201d} and \u{201c}Web app (b)\u{201d} to EKS on Fargate; not kept: Graviton (arm64), traffic sizing, deployment, scaling signal");
}

/// After another edit, the Switches are no longer the newest step: a switch starts from the
/// service as it is (the history is not read past the user's own edits), its row says what it
/// assumes, and ECS on Fargate draws no ECS cluster (its control plane is free and its tasks
/// run in the default cluster; nothing in the design reads one).
#[test]
fn after_another_edit_a_switch_starts_from_the_service_as_it_is() {
    let (mut d, mut h) = switched(&[EksFargate]);
    let rename = Edit::SetLabel { id: NodeId::new("db"), before: "PostgreSQL".into(), after: "Orders DB".into() };
    h.apply(&mut d, rename).unwrap();
    let c = compare_containers_after(&d, h.done(), &NodeId::new("app-a")).unwrap();
    let ecs = c.options.iter().find(|r| r.option == EcsFargate).unwrap();
    assert_eq!(ecs.monthly, 97.05, "x86 and 2 fixed tasks a service: the service as it is, as on main");
    assert!(ecs.switch_note.as_deref().unwrap_or_default().contains("drawn with the catalog's x86 and fixed sizing (2 tasks all month)"), "{:?}", ecs.switch_note);
    let e = apply_container_option_after(&d, h.done(), &NodeId::new("app-a"), EcsFargate);
    h.apply(&mut d, e).unwrap();
    assert_eq!(d.nodes[&NodeId::new("app-a")].kind, "ecs-service");
    assert!(!d.nodes.values().any(|n| n.kind == "ecs-cluster" || n.kind == "eks-cluster"), "no cluster drawn, the EKS one removed");
    assert_eq!(total(&d), STARTER + 97.05 - 82.64);
}

/// QA s23 #15: EKS on Fargate's breakdown named its cluster's control-plane logs "other
/// $15.00"; the line is named for what it is (30 GB × $0.50 = $15.00, see FIGURES).
#[test]
fn the_eks_clusters_logs_are_named_in_the_breakdown() {
    let starter = sample::three_tier();
    let c = compare_containers_after(&starter, History::new().done(), &NodeId::new("app-a")).unwrap();
    let eks = c.options.iter().find(|r| r.option == EksFargate).unwrap();
    let parts: Vec<(&str, f64)> = eks.breakdown.iter().map(|l| (l.part.as_str(), l.monthly)).collect();
    assert!(parts.contains(&("control-plane logs", 15.0)), "{parts:?}");
    assert!(parts.iter().all(|(p, _)| *p != "other"), "{parts:?}");
}
