//! Container platform rules (ECS, EKS, Fargate): orchestrator choice, service discovery,
//! scaling signals, capacity, deployments, hardening, logs.

use super::topology::Topology;
use super::{name, Finding, RuleMeta};
use crate::model::ConnKind;

rule!(EKS_NO_NEED, "ctr.eks-without-need", Advice, "EKS for a small AWS-only team with no Kubernetes need",
    "EKS brings Kubernetes' flexibility and its operational load (add-ons, upgrades, node management). Without Kubernetes experience or a portability/CNCF need, ECS is simpler and AWS-native.",
    "Prefer ECS (on Fargate) unless the team needs Kubernetes tooling or portability.", "containers-ecs-eks-fargate.txt");
rule!(EKS_EXTENDED, "ctr.eks-extended-support", Warning, "EKS cluster in extended support (six times the control-plane price)",
    "A Kubernetes version is in standard support for 14 months; after that the cluster stays on it only in extended support, at $0.60 instead of $0.10 per cluster-hour ($438 instead of $73 a month), and is upgraded by force when that ends too.",
    "Upgrade the cluster (control plane, then nodes and add-ons) to a version in standard support, and keep a regular upgrade cadence.", "containers-ecs-eks-fargate.txt");
rule!(NO_DISCOVERY, "ctr.no-service-discovery", Warning, "Services call each other without service discovery",
    "Task IPs change with every scale event and deployment; direct service-to-service calls need a registry to find each other.",
    "Register services in AWS Cloud Map (or ECS Service Connect / a service mesh) and call them by name.", "containers-ecs-eks-fargate.txt");
rule!(QUEUE_CPU, "ctr.queue-consumer-cpu-scaling", Warning, "Queue consumer scaled on CPU instead of backlog",
    "A service working through a queue can look idle on CPU while the backlog grows; CPU-based scaling reacts late or never.",
    "Scale on queue backlog (messages visible per task, or backlog per instance).", "containers-ecs-eks-fargate.txt");
rule!(NO_AUTOSCALER, "ctr.ec2-capacity-no-autoscaler", Warning, "EC2-backed cluster without capacity scaling",
    "On EC2 capacity, tasks or pods wait unscheduled when no instance has room; something must add nodes on demand.",
    "Use an ECS capacity provider with managed scaling, or Karpenter / Cluster Autoscaler on EKS (or run on Fargate).", "containers-ecs-eks-fargate.txt");
rule!(NO_HEALTH, "ctr.no-health-check", Warning, "Container service without a health check",
    "A running process is not a healthy service; without a health check the load balancer keeps sending traffic to tasks that cannot serve it.",
    "Expose /health that checks critical dependencies and configure it as the container and target-group health check.", "containers-ecs-eks-fargate.txt");
rule!(STOP_TIMEOUT, "ctr.short-stop-timeout", Advice, "Stop timeout under 30 seconds",
    "Scaling and deployments stop containers all the time; too short a stop timeout drops in-flight requests and open connections.",
    "Set a stop timeout of 30–60 s and handle SIGTERM by draining.", "containers-ecs-eks-fargate.txt");
rule!(NO_BLUE_GREEN, "ctr.user-facing-no-blue-green", Advice, "User-facing service deployed with rolling updates",
    "Blue/green deploys the new version beside the old and switches traffic after health checks, with instant rollback; rolling updates mix versions and roll back slowly.",
    "Use blue/green (CodeDeploy) or canary deployments for user-facing services.", "containers-ecs-eks-fargate.txt");
rule!(ROOT, "ctr.root-container", Warning, "Container runs as root",
    "A compromised process running as root owns the container and has a much easier path to the host.",
    "Run as a non-root user (USER in the image, user in the task definition).", "containers-ecs-eks-fargate.txt");
rule!(WRITABLE_FS, "ctr.writable-root-fs", Advice, "Writable root filesystem",
    "Containers should be immutable; a read-only root filesystem stops in-place changes and many attack techniques.",
    "Set readonlyRootFilesystem and mount a volume for the paths that must be writable.", "containers-ecs-eks-fargate.txt");
rule!(NO_LOGS, "ctr.logs-not-centralised", Warning, "Container logs not shipped anywhere",
    "Containers are ephemeral: logs kept inside them vanish with the task.",
    "Use the awslogs driver or FireLens to ship logs to CloudWatch Logs or a central stack.", "containers-ecs-eks-fargate.txt");
rule!(NO_INSIGHTS, "ctr.no-container-insights", Advice, "Cluster without Container Insights",
    "Container-level CPU, memory and restart metrics are what explain a misbehaving service; host metrics do not.",
    "Enable Container Insights on the cluster.", "containers-ecs-eks-fargate.txt");

rule!(NO_BREAKER, "ctr.no-deployment-circuit-breaker", Warning, "Rolling deployments without a circuit breaker",
    "Updates must not interrupt running services; a rolling update whose new tasks keep failing their health checks goes on replacing tasks forever unless the deployment circuit breaker stops it and rolls back.",
    "Turn on the ECS deployment circuit breaker with rollback (or deploy blue/green).", "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-circuit-breaker.html");
rule!(EKS_LOGS, "ctr.eks-no-control-plane-logs", Warning, "EKS control-plane logging off",
    "The API server, audit and authenticator logs are the record of who changed what in the cluster; with logging off an incident or a compliance audit has nothing to read.",
    "Enable at least the api, audit and authenticator control-plane logs (they go to CloudWatch Logs; set a retention).", "https://docs.aws.amazon.com/eks/latest/userguide/control-plane-logs.html");
rule!(NO_SCAN, "ctr.ecr-no-scan-on-push", Warning, "Images pushed without a vulnerability scan",
    "Images are scanned with ECR image scanning to catch known vulnerabilities (CVEs) in base images and dependencies before they reach production.",
    "Turn on scan on push (basic scanning is free; enhanced scanning with Inspector also rescans continuously).", "containers-ecs-eks-fargate.txt");
rule!(MUTABLE_TAGS, "ctr.ecr-mutable-tags", Advice, "Image tags can be overwritten",
    "Containers are immutable units: what runs must be exactly what was built and tested. A mutable tag can silently point at a different image between test and production, or between two tasks of one service.",
    "Turn on tag immutability and deploy by a unique tag (or digest) per build.", "containers-ecs-eks-fargate.txt");
rule!(NO_CONSOLIDATION, "ctr.karpenter-no-consolidation", Advice, "Karpenter with consolidation off",
    "Capacity provisioned only when needed reduces idle resources; without consolidation Karpenter adds nodes for pending pods but never repacks them onto fewer, cheaper ones as load falls.",
    "Enable consolidation (WhenEmptyOrUnderutilized) with a disruption budget.", "containers-ecs-eks-fargate.txt");

rule!(WEB_CPU, "ctr.web-service-cpu-scaling", Advice, "Web service scaled on CPU or memory",
    "CPU and memory often do not reflect real demand in microservices; a service behind a load balancer is driven by requests, and scaling on requests per target (or latency) reacts earlier and more accurately.",
    "Scale the service on ALBRequestCountPerTarget (requests per target), with CPU only as a safety net.", "containers-ecs-eks-fargate.txt");

rule!(MIN_PODS_ROOM, "ctr.min-pods-exceed-nodes", Warning, "Minimum pods more than the node group's nodes hold",
    "The Kubernetes scheduler places a pod only on a node with room for its CPU and memory requests, under the node's max-pods limit (on EKS set by the instance type's network interfaces); a pod that fits nowhere stays Pending until a node is added. The node group's Nodes, which the bill prices, cannot run its Minimum pods: either they wait, or an autoscaler adds nodes the bill does not price.",
    "Raise Nodes until they hold the Minimum pods, or lower Minimum pods to what the nodes hold.", "https://docs.aws.amazon.com/eks/latest/userguide/choosing-instance-type.html");

pub(super) const RULES: &[RuleMeta] = &[
    MIN_PODS_ROOM, EKS_NO_NEED, EKS_EXTENDED, NO_DISCOVERY, QUEUE_CPU, NO_AUTOSCALER, NO_HEALTH, STOP_TIMEOUT, NO_BLUE_GREEN, ROOT, WRITABLE_FS, NO_LOGS, NO_INSIGHTS, NO_BREAKER, EKS_LOGS,
    NO_SCAN, MUTABLE_TAGS, NO_CONSOLIDATION, WEB_CPU,
];

pub(super) fn check(t: &Topology, out: &mut Vec<Finding>) {
    let d = t.design;
    let w = &d.workload;
    if !w.needs_portability && !w.team_kubernetes_experience && w.team_size < 10 {
        for c in t.of_kind("eks-cluster") {
            out.push(
                Finding::new(&EKS_NO_NEED, format!("{} is run by a team of {} with no Kubernetes experience and no portability need.", name(c), w.team_size)).node(&c.id),
            );
        }
    }
    for c in t.of_kind("eks-cluster") {
        let tier = crate::cost::eks_tier(d, c);
        if !tier.extended {
            continue;
        }
        let current = crate::catalog::eks::in_standard_support(&crate::cost::prices::book().file.as_of);
        let upgrade = current.first().map(|v| format!(" Upgrade to {v} or later (in standard support).")).unwrap_or_default();
        let book = crate::cost::prices::book();
        let rate = |id: &str| book.get(id).map(|p| p.base()).unwrap_or(0.0);
        out.push(
            Finding::new(
                &EKS_EXTENDED,
                format!("{} pays the extended-support rate ({} instead of {} a cluster-hour): {}.{upgrade}", name(c), crate::units::money(rate("eks.cluster.extended")), crate::units::money(rate("eks.cluster.standard")), tier.why),
            )
            .node(&c.id),
        );
    }
    let discovery = t.has_kind("cloud-map") || t.has_kind("service-mesh");
    for c in t.of_kind("ecs-cluster") {
        if d.text_ref(c, "capacity") == "ec2" && !d.flag(c, "capacity_provider") {
            out.push(Finding::new(&NO_AUTOSCALER, format!("{} runs on EC2 capacity with no capacity provider.", name(c))).node(&c.id));
        }
        if !d.flag(c, "container_insights") {
            out.push(Finding::new(&NO_INSIGHTS, format!("{} has Container Insights off.", name(c))).node(&c.id));
        }
    }
    for c in t.of_kind("eks-cluster") {
        if !d.flag(c, "control_plane_logging") {
            out.push(Finding::new(&EKS_LOGS, format!("{} keeps no API server or audit logs.", name(c))).node(&c.id));
        }
    }
    for k in t.of_kind("karpenter") {
        if !d.flag(k, "consolidation") {
            out.push(Finding::new(&NO_CONSOLIDATION, format!("{} never repacks pods onto fewer nodes.", name(k))).node(&k.id));
        }
    }
    for r in t.of_kind("ecr") {
        if !d.flag(r, "scan_on_push") {
            out.push(Finding::new(&NO_SCAN, format!("{} stores images without scanning them.", name(r))).node(&r.id));
        }
        if !d.flag(r, "immutable_tags") {
            out.push(Finding::new(&MUTABLE_TAGS, format!("{} lets a pushed tag be overwritten.", name(r))).node(&r.id));
        }
    }
    let karpenter = t.has_kind("karpenter");
    for g in t.of_kind("eks-nodegroup") {
        // The room Compare's profile caps the floor at (`pod_room`): one answer for both.
        if let Some(r) = crate::compare::containers::pod_room(d, g).filter(|r| r.min_pods > r.held) {
            let p = crate::compare::ContainerProfile::default();
            let by = if r.limited_by.is_empty() { "an assumed 3 per node for a type outside the packing table".to_string() } else { format!("{} per node, limited by {}", crate::units::plain(r.per_node), r.limited_by) };
            let short = crate::units::plain(r.min_pods - r.held);
            // With an autoscaler the pods left over get nodes of their own, which nothing in
            // the design draws or bills; without one they wait (review s54 R5).
            let rest = if matches!(d.text_ref(g, "autoscaler"), "none" | "") && !karpenter {
                format!("{short} would wait Pending")
            } else {
                format!("the autoscaler would add nodes for the other {short}, which the bill does not price")
            };
            out.push(
                Finding::new(
                    &MIN_PODS_ROOM,
                    format!(
                        "{} has Minimum pods {}, but its {} \u{d7} {} hold {} pods of {} vCPU / {} GB ({by}): {rest}. Compare counts the {} that fit; the bill prices the {} drawn.",
                        name(g),
                        crate::units::plain(r.min_pods),
                        crate::units::plain(r.nodes),
                        d.text_ref(g, "instance_type"),
                        crate::units::plain(r.held),
                        crate::units::plain(p.vcpu_per_task),
                        crate::units::plain(p.memory_gb_per_task),
                        crate::units::plain(r.held),
                        if r.nodes == 1.0 { "node".to_string() } else { format!("{} nodes", crate::units::plain(r.nodes)) },
                    ),
                )
                .node(&g.id),
            );
        }
        if matches!(d.text_ref(g, "autoscaler"), "none" | "") && !karpenter {
            out.push(Finding::new(&NO_AUTOSCALER, format!("{} has a fixed node count: no Karpenter or Cluster Autoscaler adds nodes for pending pods.", name(g))).node(&g.id));
        }
    }
    for s in t.of_kind("ecs-service") {
        if !discovery {
            for c in t.out(&s.id, ConnKind::Sync) {
                if let Some(to) = t.node(&c.to).filter(|n| n.kind == "ecs-service") {
                    out.push(Finding::new(&NO_DISCOVERY, format!("{} calls {} directly, and the design has no Cloud Map or service mesh.", name(s), name(to))).node(&s.id).node(&to.id).conn(&c.id));
                }
            }
        }
        if !d.flag(s, "health_check") {
            out.push(Finding::new(&NO_HEALTH, format!("{} has no health check.", name(s))).node(&s.id));
        }
        let stop = d.num(s, "stop_timeout_s");
        if stop < 30.0 {
            out.push(Finding::new(&STOP_TIMEOUT, format!("{} stops containers after {stop} s.", name(s))).node(&s.id));
        }
        let user_facing = t.exposed_from(&s.id).is_some_and(|e| e.kind == "users");
        if user_facing && d.text_ref(s, "deployment") == "rolling" {
            out.push(Finding::new(&NO_BLUE_GREEN, format!("{} serves users and deploys with rolling updates.", name(s))).node(&s.id));
        }
        if d.flag(s, "run_as_root") {
            out.push(Finding::new(&ROOT, format!("{} runs its containers as root.", name(s))).node(&s.id));
        }
        if !d.flag(s, "read_only_root_fs") {
            out.push(Finding::new(&WRITABLE_FS, format!("{} has a writable root filesystem.", name(s))).node(&s.id));
        }
        if d.text_ref(s, "deployment") == "rolling" && !d.flag(s, "deployment_circuit_breaker") {
            out.push(Finding::new(&NO_BREAKER, format!("{} deploys with rolling updates and no circuit breaker.", name(s))).node(&s.id));
        }
        let signal = d.text_ref(s, "scaling_signal");
        if matches!(signal, "cpu" | "memory") {
            if let Some(c) = t.inc(&s.id, ConnKind::Sync).find(|c| t.node(&c.from).is_some_and(|f| matches!(f.kind.as_str(), "alb" | "nlb"))) {
                let lb = t.node(&c.from).expect("found above");
                out.push(Finding::new(&WEB_CPU, format!("{} sits behind {} but scales on {}.", name(s), name(lb), if signal == "cpu" { "CPU" } else { "memory" })).node(&s.id).node(&lb.id).conn(&c.id));
            }
        }
        if d.text_ref(s, "log_driver") == "none" {
            out.push(Finding::new(&NO_LOGS, format!("{} has no log driver: its logs die with each task.", name(s))).node(&s.id));
        }
    }
    // Queue consumers: a queue or stream delivering to a service (edge queue → consumer) or
    // a service reading from one.
    for (n, kind) in t.nodes_and_kinds() {
        let signal = match kind {
            "ecs-service" => d.text_ref(n, "scaling_signal"),
            "asg" => d.text_ref(n, "scaling_policy"),
            _ => continue,
        };
        if !matches!(signal, "cpu" | "memory" | "target-cpu") {
            continue;
        }
        let queues: Vec<_> = t.linked_kinds(&n.id).filter(|(c, q)| c.kind == ConnKind::Async && matches!(q.kind.as_str(), "sqs" | "kinesis") && c.from == q.id).collect();
        if let Some((c, q)) = queues.first() {
            out.push(Finding::new(&QUEUE_CPU, format!("{} consumes {} but scales on {signal}.", name(n), name(q))).node(&n.id).node(&q.id).conn(&c.id));
        }
    }
}
