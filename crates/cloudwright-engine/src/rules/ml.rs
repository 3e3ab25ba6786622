//! Machine-learning rules: inference pattern versus traffic, training/inference separation,
//! model monitoring.

use super::topology::Topology;
use super::{name, Finding, RuleMeta};

rule!(RT_SPIKY, "ml.realtime-spiky", Advice, "Real-time endpoint for spiky traffic",
    "A real-time endpoint keeps instances running for the peak and pays for them when idle; uneven traffic suits serverless inference, which scales with requests.",
    "Use serverless inference (or async inference for long jobs) if the cold start is acceptable; otherwise autoscale the endpoint.", "ai-ml-deployment.txt");
rule!(SERVERLESS_STEADY, "ml.serverless-latency-sensitive", Warning, "Serverless inference for steady, latency-sensitive traffic",
    "Serverless inference has cold starts; for steady traffic where response time matters, a real-time endpoint gives low, predictable latency.",
    "Use a real-time endpoint sized for the steady load.", "ai-ml-deployment.txt");
rule!(SHARED, "ml.shared-training-capacity", Warning, "Training and inference share capacity",
    "Training is bursty and resource-hungry; on shared capacity it starves production inference.",
    "Run training jobs on their own capacity (SageMaker training jobs, Managed Spot Training) apart from the endpoint.", "ai-ml-deployment.txt");
rule!(NO_MONITOR, "ml.no-model-monitor", Warning, "Model in production without monitoring",
    "Data drift and changing behaviour degrade a model silently; without monitoring nothing triggers retraining.",
    "Enable SageMaker Model Monitor and wire drift alerts to a retraining pipeline.", "ai-ml-deployment.txt");

rule!(NO_SPOT, "ml.training-no-spot", Advice, "Training jobs on On-Demand capacity",
    "Training jobs that checkpoint can be interrupted and resumed; Managed Spot Training runs them on spare capacity for a fraction of the On-Demand price.",
    "Use Managed Spot Training with checkpoints to S3 when interruption is acceptable.", "ai-ml-deployment.txt");

rule!(LONG_INFERENCE, "ml.long-inference-realtime", Error, "Inference longer than a real-time or serverless invocation may run",
    "Real-time and serverless endpoints must answer an invocation within 60 seconds (SageMaker's limit); longer inference fails every time. Asynchronous inference is the pattern for longer-running jobs (up to an hour), batch transform for offline processing.",
    "Use an asynchronous endpoint (requests queued, results written to S3 with a notification), or batch transform for offline work; or make inference faster than 60 s.", "ai-ml-deployment.txt");

rule!(IDLE, "ml.idle-endpoint", Warning, "Real-time endpoint that nothing calls",
    "A real-time endpoint keeps its instances running and billed whether requests come or not; one with no callers is the idle resource that becomes ongoing waste.",
    "Delete the endpoint (keep the model in the registry), or connect what calls it; for occasional use, serverless or asynchronous inference scales to zero.", "ai-ml-deployment.txt");

pub(super) const RULES: &[RuleMeta] = &[RT_SPIKY, SERVERLESS_STEADY, SHARED, NO_MONITOR, NO_SPOT, LONG_INFERENCE, IDLE];

/// The longest a real-time or serverless invocation may run (ms): SageMaker's 60-second limit.
const MAX_SYNC_INFERENCE_MS: f64 = 60_000.0;

pub(super) fn check(t: &Topology, out: &mut Vec<Finding>) {
    let d = t.design;
    for j in t.of_kind("sagemaker-training") {
        if !d.flag(j, "spot") {
            let hours = d.num(j, "hours_per_month") * d.num(j, "instances");
            out.push(Finding::new(&NO_SPOT, format!("{} trains on On-Demand instances ({hours} instance-hours a month).", name(j))).node(&j.id));
        }
    }
    for e in t.of_kind("sagemaker-endpoint") {
        let mode = d.text_ref(e, "mode");
        let pattern = d.text_ref(e, "traffic_pattern");
        if mode == "real-time" && d.num(e, "instances") >= 1.0 && t.index.inc(&e.id).iter().all(|c| c.kind == crate::model::ConnKind::Association) {
            out.push(Finding::new(&IDLE, format!("{} runs {} instance{} around the clock but nothing calls it.", name(e), d.num(e, "instances"), if d.num(e, "instances") == 1.0 { "" } else { "s" })).node(&e.id));
        }
        let ms = d.num(e, "inference_ms");
        if mode != "async" && ms > MAX_SYNC_INFERENCE_MS {
            out.push(Finding::new(&LONG_INFERENCE, format!("{} is a {mode} endpoint but its inference takes {} s, over the 60 s an invocation may run.", name(e), ms / 1000.0)).node(&e.id));
        }
        if mode == "real-time" && pattern == "spiky" {
            out.push(Finding::new(&RT_SPIKY, format!("{} keeps real-time instances for spiky traffic.", name(e))).node(&e.id));
        }
        if mode == "serverless" && pattern == "steady" && d.flag(e, "latency_sensitive") {
            out.push(Finding::new(&SERVERLESS_STEADY, format!("{} serves steady, latency-sensitive traffic with serverless inference (cold starts).", name(e))).node(&e.id));
        }
        if d.flag(e, "shared_with_training") {
            out.push(Finding::new(&SHARED, format!("{} shares its capacity with training.", name(e))).node(&e.id));
        }
        if !d.flag(e, "model_monitor") {
            out.push(Finding::new(&NO_MONITOR, format!("{} has no model monitoring.", name(e))).node(&e.id));
        }
    }
}
