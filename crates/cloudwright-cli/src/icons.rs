//! The component icons the app serves (`public/icons/<kind>.svg`, the official AWS
//! architecture icons, see public/icons/LICENSE-aws-icons.txt), built into the binary so the
//! report's diagram (`cloudwright report`) draws them like the app does, with no file to find.

use cloudwright_engine::diagram::svg_data_uri;
use std::collections::BTreeMap;

/// (kind, SVG text) of every icon.
const ICONS: &[(&str, &str)] = &[
    ("acm", include_str!("../../../public/icons/acm.svg")),
    ("alb", include_str!("../../../public/icons/alb.svg")),
    ("api-gateway", include_str!("../../../public/icons/api-gateway.svg")),
    ("asg", include_str!("../../../public/icons/asg.svg")),
    ("aurora", include_str!("../../../public/icons/aurora.svg")),
    ("az", include_str!("../../../public/icons/az.svg")),
    ("bedrock", include_str!("../../../public/icons/bedrock.svg")),
    ("cloud-map", include_str!("../../../public/icons/cloud-map.svg")),
    ("cloudfront", include_str!("../../../public/icons/cloudfront.svg")),
    ("cloudwatch", include_str!("../../../public/icons/cloudwatch.svg")),
    ("cognito", include_str!("../../../public/icons/cognito.svg")),
    ("dynamodb", include_str!("../../../public/icons/dynamodb.svg")),
    ("ebs", include_str!("../../../public/icons/ebs.svg")),
    ("ec2", include_str!("../../../public/icons/ec2.svg")),
    ("ecr", include_str!("../../../public/icons/ecr.svg")),
    ("ecs-cluster", include_str!("../../../public/icons/ecs-cluster.svg")),
    ("ecs-service", include_str!("../../../public/icons/ecs-service.svg")),
    ("efs", include_str!("../../../public/icons/efs.svg")),
    ("eks-cluster", include_str!("../../../public/icons/eks-cluster.svg")),
    ("eks-nodegroup", include_str!("../../../public/icons/eks-nodegroup.svg")),
    ("elastic-ip", include_str!("../../../public/icons/elastic-ip.svg")),
    ("elasticache", include_str!("../../../public/icons/elasticache.svg")),
    ("eventbridge", include_str!("../../../public/icons/eventbridge.svg")),
    ("external-api", include_str!("../../../public/icons/external-api.svg")),
    ("fargate-profile", include_str!("../../../public/icons/fargate-profile.svg")),
    ("internet-gateway", include_str!("../../../public/icons/internet-gateway.svg")),
    ("karpenter", include_str!("../../../public/icons/karpenter.svg")),
    ("kinesis", include_str!("../../../public/icons/kinesis.svg")),
    ("kms", include_str!("../../../public/icons/kms.svg")),
    ("lambda", include_str!("../../../public/icons/lambda.svg")),
    ("nat-gateway", include_str!("../../../public/icons/nat-gateway.svg")),
    ("nlb", include_str!("../../../public/icons/nlb.svg")),
    ("on-premises", include_str!("../../../public/icons/on-premises.svg")),
    ("rds", include_str!("../../../public/icons/rds.svg")),
    ("region", include_str!("../../../public/icons/region.svg")),
    ("route53", include_str!("../../../public/icons/route53.svg")),
    ("s3", include_str!("../../../public/icons/s3.svg")),
    ("sagemaker-endpoint", include_str!("../../../public/icons/sagemaker-endpoint.svg")),
    ("sagemaker-training", include_str!("../../../public/icons/sagemaker-training.svg")),
    ("secrets-manager", include_str!("../../../public/icons/secrets-manager.svg")),
    ("service-mesh", include_str!("../../../public/icons/service-mesh.svg")),
    ("sns", include_str!("../../../public/icons/sns.svg")),
    ("sqs", include_str!("../../../public/icons/sqs.svg")),
    ("step-functions", include_str!("../../../public/icons/step-functions.svg")),
    ("subnet", include_str!("../../../public/icons/subnet.svg")),
    ("transit-gateway", include_str!("../../../public/icons/transit-gateway.svg")),
    ("users", include_str!("../../../public/icons/users.svg")),
    ("vpc", include_str!("../../../public/icons/vpc.svg")),
    ("vpc-endpoint-gateway", include_str!("../../../public/icons/vpc-endpoint-gateway.svg")),
    ("vpc-endpoint-interface", include_str!("../../../public/icons/vpc-endpoint-interface.svg")),
    ("vpc-link", include_str!("../../../public/icons/vpc-link.svg")),
    ("waf", include_str!("../../../public/icons/waf.svg")),
    ("xray", include_str!("../../../public/icons/xray.svg")),
];

/// Kind → `data:` URI of its icon, for the kinds given (the diagram's `SvgOptions::icons`).
pub fn data_uris(kinds: &[String]) -> BTreeMap<String, String> {
    kinds.iter().filter_map(|k| ICONS.iter().find(|(n, _)| n == k).map(|(_, svg)| (k.clone(), svg_data_uri(svg)))).collect()
}
