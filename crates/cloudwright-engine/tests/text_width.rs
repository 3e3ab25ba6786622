//! The label width estimate (`diagram::geometry::text_width`) errs wide: never narrower than
//! a label as Chromium draws it, normal and bold, in any of the fonts a browser may draw it in.
//! Its doc promised that, but the estimate (Helvetica's widths) was up to 10% narrow for DejaVu
//! Sans, what Chromium's `system-ui` is on Linux: a container label cut with "…" to fit its
//! frame still ran 57 px past it (BENCHMARKS.md s29-fix). Fails on main (093c532) for every
//! row but a few.

use cloudwright_engine::diagram::geometry::text_width;

/// Every label of templates/*.json, the long labels of tests/e2e/s29-fix.test.mjs and two
/// lines beyond ASCII, with the width each is drawn at, 12 px, in CSS pixels: normal, bold.
/// Each width is the widest of DejaVu Sans, Liberation Sans (Arial's and Helvetica's metrics),
/// Roboto, Cantarell and Noto Sans (DejaVu Sans for every row), as SVG text in headless
/// Chromium 156.0.8078.114 (`getComputedTextLength`, kerning on) — measured 2026-12-03
/// 08:28 UTC by `scripts/probe-font-widths.mjs`, the fonts from Debian bookworm's packages.
const MEASURED: &[(&str, f64, f64)] = &[
    ("Alerts", 34.83, 40.34),
    ("App bucket (private, OAC)", 156.55, 176.70),
    ("CloudFront (OAC, security headers)", 211.31, 239.30),
    ("TLS certificate (us-east-1)", 155.03, 175.92),
    ("CloudWatch (5xx rate, p99 origin latency)", 251.23, 283.11),
    ("DNS (planner.example.com)", 168.66, 188.33),
    ("Architects (app installed offline)", 191.64, 218.66),
    ("Public ALB", 62.47, 71.53),
    ("On-call alerts", 79.78, 90.50),
    ("Web fleet (mixed instances)", 167.84, 189.61),
    ("AZ us-east-1a", 83.45, 93.38),
    ("AZ us-east-1b", 83.72, 93.88),
    ("AZ us-east-1c", 82.69, 92.39),
    ("TLS certificate", 86.00, 97.66),
    ("CloudWatch", 71.64, 80.61),
    ("MySQL (Multi-AZ)", 104.22, 118.83),
    ("DNS", 25.84, 28.66),
    ("Internet gateway", 102.80, 116.61),
    ("Isolated (data) a", 98.91, 112.48),
    ("Isolated (data) b", 99.17, 112.97),
    ("Isolated (data) c", 98.16, 111.50),
    ("NAT gateway a", 89.91, 100.25),
    ("NAT gateway b", 90.17, 100.73),
    ("NAT gateway c", 89.14, 99.27),
    ("Private a (ASG subnet)", 136.30, 154.70),
    ("Private b (ASG subnet)", 136.56, 155.19),
    ("Private c (ASG subnet)", 135.55, 153.72),
    ("Public a", 46.69, 53.55),
    ("Public b", 46.95, 54.05),
    ("Public c", 45.94, 52.56),
    ("DB credentials", 87.53, 98.94),
    ("Session store (Valkey)", 132.11, 150.94),
    ("User uploads", 78.30, 88.45),
    ("Customers", 64.55, 72.19),
    ("Web VPC 10.0.0.0/16", 126.55, 141.30),
    ("CloudWatch endpoint", 128.67, 145.28),
    ("S3 gateway endpoint", 127.42, 143.05),
    ("Web ACL", 53.05, 59.47),
    ("ALB (AWS Load Balancer Controller)", 215.39, 243.92),
    ("Valkey cache", 78.33, 87.66),
    ("CloudWatch (Container Insights)", 194.19, 220.34),
    ("Aurora PostgreSQL", 112.45, 129.25),
    ("Container images", 106.09, 118.91),
    ("EKS cluster", 67.70, 77.03),
    ("Karpenter", 59.58, 68.39),
    ("Cluster & data keys", 117.69, 132.69),
    ("Media bucket", 80.30, 90.84),
    ("Istio service mesh", 108.72, 122.78),
    ("Karpenter nodes", 99.59, 113.22),
    ("Private a", 53.02, 60.91),
    ("Private b", 53.28, 61.39),
    ("Private c", 52.25, 59.92),
    ("App secrets", 70.50, 79.98),
    ("System node group", 117.19, 131.75),
    ("EKS VPC 10.0.0.0/16", 123.45, 137.89),
    ("ECR endpoints", 87.58, 98.06),
    ("STS endpoint (pod identity)", 164.95, 187.69),
    ("X-Ray traces", 75.53, 84.38),
    ("Origin ALB", 63.22, 71.75),
    ("Web/API tasks (a)", 105.05, 120.00),
    ("Web/API tasks (b)", 105.31, 120.48),
    ("Web/API tasks (c)", 104.30, 119.02),
    ("Static assets", 76.33, 87.03),
    ("CloudFront + Origin Shield (us-east-1)", 228.31, 258.64),
    ("TLS certificates", 92.25, 104.80),
    ("ECS cluster (Fargate)", 126.33, 143.98),
    ("Aurora PostgreSQL (writer + 2 readers)", 235.47, 268.19),
    ("Media library", 78.47, 89.64),
    ("Global audience", 96.98, 108.47),
    ("Origin VPC 10.0.0.0/16", 136.66, 153.23),
    ("Web ACL (global)", 102.83, 116.36),
    ("Inference API (HTTP)", 123.08, 141.58),
    ("Model artifacts (registry)", 148.48, 170.91),
    ("Captured inference data", 146.19, 165.17),
    ("Dispatch to async endpoint", 164.33, 185.03),
    ("DNS (ml.example.com)", 138.95, 154.72),
    ("Async endpoint (batch)", 139.86, 157.81),
    ("Real-time endpoint", 114.34, 129.75),
    ("Drift & schedule events", 141.23, 159.80),
    ("Batch jobs queue", 104.27, 117.05),
    ("Retraining pipeline", 113.09, 129.56),
    ("Predict (real-time)", 108.70, 125.30),
    ("Batch results", 78.52, 89.56),
    ("Submit batch job", 102.38, 115.52),
    ("Training jobs (Managed Spot)", 175.27, 199.59),
    ("Training data lake", 106.61, 121.67),
    ("Partner apps (API clients)", 151.45, 174.20),
    ("Route 53 failover", 102.75, 116.63),
    ("App tasks", 58.78, 66.75),
    ("Documents", 68.42, 75.94),
    ("Aurora global DB (writer)", 150.09, 171.28),
    ("us-east-1 (primary)", 116.00, 131.23),
    ("Sessions (global table)", 136.03, 154.86),
    ("VPC 10.0.0.0/16", 96.58, 107.58),
    ("DynamoDB gateway endpoint", 179.98, 200.34),
    ("AZ us-west-2a", 85.91, 96.38),
    ("AZ us-west-2b", 86.17, 96.86),
    ("Documents (replica)", 121.89, 137.16),
    ("CloudWatch (cross-region view)", 189.66, 215.17),
    ("Aurora global DB (secondary)", 177.19, 199.98),
    ("us-west-2 (standby)", 119.75, 135.78),
    ("DB credentials (replica)", 141.00, 160.17),
    ("VPC 10.1.0.0/16", 96.58, 107.58),
    ("HTTP API", 53.52, 62.22),
    ("DNS (api.example.com)", 142.23, 158.91),
    ("API handler", 68.64, 78.67),
    ("Cognito user pool", 105.77, 119.58),
    ("Data key", 53.48, 59.70),
    ("Order jobs", 62.47, 71.05),
    ("Orders table", 74.56, 84.77),
    ("Mobile & web clients", 124.20, 140.86),
    ("Order worker", 78.84, 89.91),
    ("HTTP API (/api/*)", 99.08, 113.20),
    ("CloudFront", 64.64, 74.17),
    ("DNS (www.example.com)", 152.27, 170.59),
    ("Site API function", 98.67, 113.59),
    ("Site bucket (OAC)", 106.08, 119.72),
    ("Site data", 53.89, 61.34),
    ("Visitors", 44.11, 51.50),
    ("Web app tasks", 87.89, 99.28),
    ("Static assets & uploads", 140.44, 159.17),
    ("PostgreSQL (Multi-AZ)", 131.53, 151.63),
    ("DNS (app.example.com)", 146.52, 163.38),
    ("Production VPC 10.0.0.0/16", 164.23, 185.59),
    ("CloudWatch Logs endpoint", 160.17, 181.08),
    ("WebSocket API", 89.14, 101.80),
    ("$connect authorizer", 120.78, 136.20),
    ("$connect / $disconnect", 139.83, 156.16),
    ("Connections table (TTL)", 142.67, 161.47),
    ("DNS (chat.example.com)", 150.19, 167.59),
    ("Fan-out to room members", 156.45, 176.00),
    ("Messages table (stream)", 148.30, 167.88),
    ("sendMessage route", 116.98, 132.38),
    ("Chat users", 64.30, 72.25),
    ("Public subnet for the load balancers and NAT gateways of the payments platform", 488.42, 551.38),
    ("Production VPC of the payments platform shared with the data lake, the batch jobs, the reporting services and the partner integrations 10.0.0.0/16", 885.17, 1003.30),
    ("Zürich façade œuvre Ærøskøbing Łódź", 231.81, 260.11),
    ("Déploiement et reprise…", 150.31, 168.42),
];

#[test]
fn the_estimate_is_never_narrower_than_a_label_as_drawn() {
    let mut narrow = Vec::new();
    for &(label, regular, bold) in MEASURED {
        for (is_bold, drawn) in [(false, regular), (true, bold)] {
            let estimate = text_width(label, is_bold);
            if estimate < drawn {
                narrow.push(format!("{label:?} bold={is_bold}: estimated {estimate}, drawn {drawn}"));
            }
        }
    }
    assert!(narrow.is_empty(), "{} estimates narrower than drawn:\n{}", narrow.len(), narrow.join("\n"));
}

/// An emoji is as wide as Noto Color Emoji draws it (14.97 px at 12 px, measured with the rows
/// above), and any character the tables do not cover at least as wide: a CJK ideograph is 1 em.
#[test]
fn characters_beyond_the_tables_are_estimated_wide() {
    assert!(text_width("🚀", false) >= 14.97 + 2.0);
    assert!(text_width("中文", true) >= 24.0 + 2.0);
}
