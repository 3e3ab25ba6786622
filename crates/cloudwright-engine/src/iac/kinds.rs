//! Small translation tables from AWS names to the catalog's choices, shared by both front
//! ends and the exporters. A name with no catalog equivalent gives `None` (the importer
//! reports it) rather than a near guess.

/// The catalog's interface-endpoint service for an AWS service's short endpoint name
/// (`com.amazonaws.<region>.<short>`), else `other`.
pub fn interface_service(short: &str) -> &'static str {
    match short {
        "ecr" | "dkr" | "api" => "ecr",
        "logs" | "monitoring" => "cloudwatch",
        "secretsmanager" => "secrets-manager",
        "sqs" => "sqs",
        "sns" => "sns",
        "kms" => "kms",
        "sts" => "sts",
        _ => "other",
    }
}

/// The AWS service short name the exporters write for a catalog endpoint service.
pub fn endpoint_service_name(service: &str) -> &'static str {
    match service {
        "s3" => "s3",
        "dynamodb" => "dynamodb",
        "ecr" => "ecr.dkr",
        "cloudwatch" => "logs",
        "secrets-manager" => "secretsmanager",
        "sqs" => "sqs",
        "sns" => "sns",
        "kms" => "kms",
        "sts" => "sts",
        _ => "execute-api",
    }
}

/// Lambda runtime identifier (`python3.13`, `nodejs24.x`, `java21`) to the catalog's family.
/// `provided.*` (custom runtimes) names no language: None.
pub fn runtime_family(runtime: &str) -> Option<&'static str> {
    let r = runtime.to_ascii_lowercase();
    Some(if r.starts_with("nodejs") {
        "nodejs"
    } else if r.starts_with("python") {
        "python"
    } else if r.starts_with("java") {
        "java"
    } else if r.starts_with("dotnet") {
        "dotnet"
    } else if r.starts_with("go") {
        "go"
    } else {
        return None;
    })
}

/// The runtime identifier the exporters write for a catalog family.
pub fn runtime_id(family: &str) -> &'static str {
    match family {
        "python" => "python3.13",
        "java" => "java21",
        "dotnet" => "dotnet10",
        "go" | "rust" => "provided.al2023",
        _ => "nodejs24.x",
    }
}

/// RDS engine name to the catalog's engine choice.
pub fn rds_engine(engine: &str) -> String {
    let e = engine.to_ascii_lowercase();
    if e.starts_with("postgres") {
        "postgres".into()
    } else if e.starts_with("mysql") {
        "mysql".into()
    } else if e.starts_with("mariadb") {
        "mariadb".into()
    } else if e.starts_with("sqlserver") {
        "sqlserver".into()
    } else if e.starts_with("oracle") {
        "oracle".into()
    } else {
        e
    }
}

/// The catalog kind a CloudFormation type is usually drawn as (for deciding what a
/// reference in configuration means), or None for types that are not drawn.
pub fn target_kind(cfn_type: &str) -> Option<&'static str> {
    Some(match cfn_type {
        "AWS::DynamoDB::Table" | "AWS::DynamoDB::GlobalTable" | "AWS::Serverless::SimpleTable" => "dynamodb",
        "AWS::RDS::DBInstance" => "rds",
        "AWS::RDS::DBCluster" => "aurora",
        "AWS::ElastiCache::ReplicationGroup" | "AWS::ElastiCache::CacheCluster" | "AWS::MemoryDB::Cluster" | "AWS::ElastiCache::ServerlessCache" => "elasticache",
        "AWS::S3::Bucket" => "s3",
        "AWS::EFS::FileSystem" => "efs",
        "AWS::Lambda::Function" | "AWS::Serverless::Function" => "lambda",
        "AWS::StepFunctions::StateMachine" | "AWS::Serverless::StateMachine" => "step-functions",
        "AWS::SQS::Queue" => "sqs",
        "AWS::SNS::Topic" => "sns",
        "AWS::Events::EventBus" => "eventbridge",
        "AWS::Kinesis::Stream" => "kinesis",
        "AWS::Cognito::UserPool" => "cognito",
        "AWS::SecretsManager::Secret" => "secrets-manager",
        "AWS::KMS::Key" => "kms",
        "AWS::ApiGateway::RestApi" | "AWS::ApiGatewayV2::Api" | "AWS::Serverless::Api" | "AWS::Serverless::HttpApi" => "api-gateway",
        "AWS::ElasticLoadBalancingV2::LoadBalancer" => "alb",
        _ => return None,
    })
}

/// How a database engine is made to refuse unencrypted client connections (the catalog's
/// `require_tls`): the parameter group family the exporters write, the engine version that
/// family belongs to (pinned with it: a group of another family fails to attach), and the
/// parameter and value. `None`: the engine has no such parameter (SQL Server's and Oracle's
/// take an option group or a listener setting; the export leaves a TODO).
/// Sources: RDS User Guide, "Requiring an SSL/TLS connection to a PostgreSQL DB instance"
/// (rds.force_ssl), "Requiring SSL/TLS for all connections to a MySQL DB instance"
/// (require_secure_transport), and the Aurora equivalents for DB cluster parameter groups.
pub struct TlsParameter {
    pub family: &'static str,
    pub engine_version: &'static str,
    pub name: &'static str,
    pub value: &'static str,
}

pub fn tls_parameter(engine: &str) -> Option<TlsParameter> {
    // Current, non-deprecated versions as cfn-lint's RDS engine version lists have them
    // (E3691/W3691; Aurora PostgreSQL takes the major version alone, the others a full one).
    let (family, engine_version, name) = match engine {
        "postgres" => ("postgres17", "17.7", "rds.force_ssl"),
        "mysql" => ("mysql8.4", "8.4.7", "require_secure_transport"),
        "mariadb" => ("mariadb11.4", "11.4.9", "require_secure_transport"),
        "aurora-postgresql" => ("aurora-postgresql17", "17", "rds.force_ssl"),
        "aurora-mysql" => ("aurora-mysql8.0", "8.0.mysql_aurora.3.10.3", "require_secure_transport"),
        _ => return None,
    };
    Some(TlsParameter { family, engine_version, name, value: "1" })
}

/// Whether a parameter group's parameters (name → value as written) make the engine refuse
/// unencrypted connections: `rds.force_ssl` = 1 or `require_secure_transport` = 1/ON.
pub fn requires_tls(params: &[(String, String)]) -> bool {
    params.iter().any(|(k, v)| {
        let v = v.trim().to_ascii_lowercase();
        matches!(k.as_str(), "rds.force_ssl" | "require_secure_transport") && matches!(v.as_str(), "1" | "on" | "true")
    })
}
