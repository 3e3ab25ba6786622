//! The words people search the palette with that are not in a kind's id or name: engines
//! (`postgres`, `redis`), generic names (`load balancer`, `cdn`, `queue`), other clouds' and
//! the community's words (`k8s`, `pubsub`, `blob`). [`crate::catalog::search`] ranks a kind a
//! synonym names right after exact and prefix matches of its own name.
//!
//! Every word maps to the kinds that provide it on AWS, most usual first (a test checks each
//! kind exists and that the words the palette is known to be searched with find their kind).

/// (word, kinds), lower case. A query matches a word it equals, starts, or begins with
/// (`postgresql` finds `postgres`; `kube` finds `kubernetes`).
pub const SYNONYMS: &[(&str, &[&str])] = &[
    // containers
    ("fargate", &["ecs-service", "fargate-profile"]),
    ("k8s", &["eks-cluster", "eks-nodegroup", "karpenter", "fargate-profile"]),
    ("kubernetes", &["eks-cluster", "eks-nodegroup", "karpenter", "fargate-profile"]),
    ("container", &["ecs-service", "ecs-cluster", "eks-cluster", "ecr"]),
    ("docker", &["ecs-service", "ecr"]),
    ("registry", &["ecr"]),
    ("istio", &["service-mesh"]),
    ("envoy", &["service-mesh"]),
    ("service discovery", &["cloud-map"]),
    // compute
    ("vm", &["ec2"]),
    ("virtual machine", &["ec2"]),
    ("server", &["ec2", "asg"]),
    ("instance", &["ec2", "asg"]),
    ("autoscaling", &["asg", "karpenter"]),
    ("spot", &["asg", "karpenter", "ec2"]),
    ("function", &["lambda"]),
    ("serverless", &["lambda", "api-gateway", "dynamodb", "step-functions"]),
    ("faas", &["lambda"]),
    // databases and caches
    ("postgres", &["rds", "aurora"]),
    ("mysql", &["rds", "aurora"]),
    ("mariadb", &["rds"]),
    ("sql server", &["rds"]),
    ("oracle", &["rds"]),
    ("sql", &["rds", "aurora"]),
    ("relational", &["rds", "aurora"]),
    ("database", &["rds", "aurora", "dynamodb"]),
    ("db", &["rds", "aurora", "dynamodb"]),
    ("nosql", &["dynamodb"]),
    ("key-value", &["dynamodb", "elasticache"]),
    ("redis", &["elasticache"]),
    ("valkey", &["elasticache"]),
    ("memcached", &["elasticache"]),
    ("cache", &["elasticache", "cloudfront"]),
    // storage
    ("bucket", &["s3"]),
    ("blob", &["s3"]),
    ("object storage", &["s3"]),
    ("storage", &["s3", "efs", "ebs"]),
    ("nfs", &["efs"]),
    ("file share", &["efs"]),
    ("disk", &["ebs"]),
    ("volume", &["ebs"]),
    // network and edge
    ("lb", &["alb", "nlb"]),
    // a self-run reverse proxy or load balancer: on AWS, a managed load balancer
    ("nginx", &["alb", "nlb"]),
    ("haproxy", &["alb", "nlb"]),
    ("reverse proxy", &["alb"]),
    ("proxy", &["alb", "nlb"]),
    ("web server", &["ec2", "ecs-service"]),
    ("load balancer", &["alb", "nlb"]),
    ("elb", &["alb", "nlb"]),
    ("cdn", &["cloudfront"]),
    ("edge", &["cloudfront"]),
    ("dns", &["route53"]),
    ("domain", &["route53", "acm"]),
    ("firewall", &["waf"]),
    ("ddos", &["waf", "cloudfront"]),
    ("nat", &["nat-gateway"]),
    ("internet", &["internet-gateway", "users"]),
    ("igw", &["internet-gateway"]),
    ("private link", &["vpc-endpoint-interface"]),
    ("privatelink", &["vpc-endpoint-interface"]),
    ("endpoint", &["vpc-endpoint-gateway", "vpc-endpoint-interface"]),
    ("vpn", &["on-premises", "transit-gateway"]),
    ("direct connect", &["on-premises"]),
    ("data center", &["on-premises"]),
    ("datacenter", &["on-premises"]),
    ("rest", &["api-gateway"]),
    ("websocket", &["api-gateway"]),
    ("clients", &["users"]),
    ("browser", &["users"]),
    ("third party", &["external-api"]),
    ("saas", &["external-api"]),
    // integration
    ("queue", &["sqs"]),
    ("pubsub", &["sns", "eventbridge"]),
    ("pub/sub", &["sns", "eventbridge"]),
    ("notification", &["sns"]),
    ("fan-out", &["sns"]),
    ("event", &["eventbridge", "sns"]),
    ("bus", &["eventbridge"]),
    ("kafka", &["kinesis"]),
    ("stream", &["kinesis"]),
    ("workflow", &["step-functions"]),
    ("state machine", &["step-functions"]),
    // security and operations
    ("auth", &["cognito"]),
    ("login", &["cognito"]),
    ("identity", &["cognito"]),
    ("oauth", &["cognito"]),
    ("secret", &["secrets-manager"]),
    ("password", &["secrets-manager"]),
    ("encryption", &["kms"]),
    ("certificate", &["acm"]),
    ("tls", &["acm"]),
    ("ssl", &["acm"]),
    ("https", &["acm"]),
    ("logs", &["cloudwatch"]),
    ("metrics", &["cloudwatch"]),
    ("monitoring", &["cloudwatch"]),
    ("alarm", &["cloudwatch"]),
    ("tracing", &["xray"]),
    // machine learning
    ("ml", &["sagemaker-endpoint", "sagemaker-training", "bedrock"]),
    ("machine learning", &["sagemaker-endpoint", "sagemaker-training"]),
    ("inference", &["sagemaker-endpoint", "bedrock"]),
    ("training", &["sagemaker-training"]),
    ("llm", &["bedrock"]),
    ("genai", &["bedrock"]),
    ("ai", &["bedrock", "sagemaker-endpoint"]),
];

/// Words for services the catalog does not have yet, with what to say instead of nothing
/// (the palette shows it when a search finds no kind). A word here never names a kind: the
/// catalog's synonyms above are only for kinds it has.
pub const NOT_IN_CATALOG: &[(&str, &str)] = &[
    ("mongo", "Amazon DocumentDB (MongoDB-compatible) is not in the catalog yet; DynamoDB is its managed NoSQL database."),
    ("documentdb", "Amazon DocumentDB is not in the catalog yet; DynamoDB is its managed NoSQL database."),
    ("elastic search", "Amazon OpenSearch Service is not in the catalog yet."),
    ("elasticsearch", "Amazon OpenSearch Service is not in the catalog yet."),
    ("opensearch", "Amazon OpenSearch Service is not in the catalog yet."),
    ("cassandra", "Amazon Keyspaces is not in the catalog yet; DynamoDB is its managed NoSQL database."),
    ("neptune", "Amazon Neptune (graph database) is not in the catalog yet."),
    ("redshift", "Amazon Redshift is not in the catalog yet."),
];

/// What to say about a query that names a service the catalog lacks (`mongodb`: "Amazon
/// DocumentDB … is not in the catalog yet"); `None` for any other query. Matches a word the
/// (trimmed, lower-case) query equals or begins with.
pub fn not_in_catalog(query: &str) -> Option<&'static str> {
    let q = query.trim().to_lowercase();
    NOT_IN_CATALOG.iter().find(|(w, _)| q == *w || (q.starts_with(w) && w.len() >= 5)).map(|(_, why)| *why)
}

/// How well a (trimmed, lower-case) query matches a synonym of `kind`: quality 0 when it
/// equals a word, 1 when it begins with a word of three letters or more (`postgresql`), 2
/// when a word starts with the query of two letters or more (`kube`); with the kind's place
/// in that word's list (most usual first). The best over every word naming `kind`; `None`
/// when none matches.
pub fn rank(query: &str, kind: &str) -> Option<(u8, usize)> {
    SYNONYMS
        .iter()
        .filter_map(|(word, kinds)| {
            let place = kinds.iter().position(|k| *k == kind)?;
            if query == *word {
                Some((0, place))
            } else if query.starts_with(word) && word.len() >= 3 {
                Some((1, place))
            } else if query.len() >= 2 && word.starts_with(query) {
                Some((2, place))
            } else {
                None
            }
        })
        .min()
}
