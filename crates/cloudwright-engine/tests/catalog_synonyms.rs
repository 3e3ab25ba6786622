//! Palette search knows the words people use for AWS services (issue 14).

use cloudwright_engine::catalog::{self, synonyms::SYNONYMS};

fn first(q: &str) -> &'static str {
    catalog::search(q).first().map(|k| k.id).unwrap_or("(nothing)")
}

fn found(q: &str) -> Vec<&'static str> {
    catalog::search(q).into_iter().map(|k| k.id).collect()
}

#[test]
fn every_synonym_names_kinds_that_exist() {
    for (word, kinds) in SYNONYMS {
        assert_eq!(word.to_lowercase(), *word, "synonyms are lower case: {word}");
        assert!(!kinds.is_empty(), "{word} names no kind");
        for k in *kinds {
            assert!(catalog::kind(k).is_some(), "synonym {word} names {k}, which is not in the catalog");
        }
    }
}

#[test]
fn the_words_of_the_issue_find_their_service_first() {
    let cases = [
        ("fargate", "fargate-profile"), // "EKS Fargate profile" is a name word; ECS on Fargate follows
        ("postgres", "rds"),
        ("postgresql", "rds"),
        ("PostgreSQL", "rds"),
        ("mysql", "rds"),
        ("k8s", "eks-cluster"),
        ("kubernetes", "eks-cluster"),
        ("kube", "eks-cluster"),
        ("redis", "elasticache"),
        ("valkey", "elasticache"),
        ("memcached", "elasticache"),
        ("lb", "alb"),
        ("load balancer", "alb"),
        ("cdn", "cloudfront"),
        ("queue", "sqs"),
        ("pubsub", "sns"),
        ("bucket", "s3"),
        ("nosql", "dynamodb"),
        ("function", "lambda"),
        ("serverless", "lambda"),
        ("dns", "route53"),
        ("kafka", "kinesis"),
        ("llm", "bedrock"),
    ];
    for (q, want) in cases {
        assert_eq!(first(q), want, "search {q:?} → {:?}", found(q));
    }
    // the whole family, not only the first
    assert!(found("fargate").contains(&"ecs-service"));
    assert!(found("postgres").starts_with(&["rds", "aurora"]));
    assert!(found("lb").starts_with(&["alb", "nlb"]));
    for k in ["eks-cluster", "eks-nodegroup", "karpenter", "fargate-profile"] {
        assert!(found("k8s").contains(&k), "k8s finds {k}");
    }
}

#[test]
fn names_still_come_before_synonyms() {
    // an exact name beats every synonym
    assert_eq!(first("alb"), "alb");
    assert_eq!(first("nat"), "nat-gateway");
    assert_eq!(first("lambda"), "lambda");
    // "sql" (a synonym) ranks relational databases above "nosql"-style substrings
    assert!(found("sql").starts_with(&["rds", "aurora"]));
    assert!(catalog::search("zzzz-no-such-thing").is_empty());
}

#[test]
fn weak_matches_do_not_crowd_the_strong_ones() {
    // QA qa14: `queue` listed KMS second (its summary mentions queues); `db` showed the gateway
    // endpoint (its summary mentions DynamoDB) before the databases.
    assert_eq!(found("queue"), ["sqs"]);
    assert!(found("db").starts_with(&["rds", "aurora", "dynamodb"]), "{:?}", found("db"));
    assert!(!found("db").contains(&"vpc-endpoint-gateway"), "{:?}", found("db"));
    // A word found only in summaries still finds them (nothing better to show).
    assert!(!found("keys").is_empty());
}

#[test]
fn a_self_run_proxy_is_a_managed_load_balancer_and_missing_services_are_said() {
    assert_eq!(first("nginx"), "alb");
    assert_eq!(first("haproxy"), "alb");
    assert_eq!(first("reverse proxy"), "alb");
    // The catalog has no DocumentDB or OpenSearch: no kind is mapped to them, and the palette
    // says so instead of showing nothing.
    for q in ["mongo", "mongodb", "elastic search", "elasticsearch", "opensearch"] {
        assert!(found(q).is_empty(), "{q} → {:?}", found(q));
        assert!(catalog::synonyms::not_in_catalog(q).is_some_and(|w| w.contains("not in the catalog")), "{q}");
    }
    assert_eq!(catalog::synonyms::not_in_catalog("postgres"), None);
}
