//! Terraform `aws` resources in CloudFormation's shape: the type name and the property
//! names the CloudFormation mapper reads, so both front ends draw a resource the same way
//! (one truth per question). A Terraform resource with inline parts (a route table's
//! `route` blocks, a security group's `ingress` blocks, an internet gateway's `vpc_id`)
//! gives extra, unlisted resources for them.

use crate::iac::value::{Ref, V};

/// (id, CloudFormation type, properties). Extra ids are `<address>/<part>`.
pub type Translated = Vec<(String, String, V)>;

fn g(p: &V, k: &str) -> Option<V> {
    p.get(k).cloned().filter(|v| !matches!(v, V::Null))
}
/// The first nested block `k` (Terraform blocks are lists of maps).
fn b0(p: &V, k: &str) -> V {
    match p.get(k) {
        Some(V::List(l)) => l.first().cloned().unwrap_or(V::Null),
        Some(m @ V::Map(_)) => m.clone(),
        _ => V::Null,
    }
}
fn blocks(p: &V, k: &str) -> Vec<V> {
    p.get(k).map(|v| v.items().into_iter().cloned().collect()).unwrap_or_default()
}
fn m(pairs: Vec<(&str, Option<V>)>) -> V {
    V::Map(pairs.into_iter().filter_map(|(k, v)| v.map(|v| (k.to_string(), v))).collect())
}
fn r(pairs: &[(&str, &str)], p: &V) -> V {
    m(pairs.iter().map(|(cfn, tf)| (*cfn, g(p, tf))).collect())
}
fn with(mut base: V, extra: Vec<(&str, Option<V>)>) -> V {
    if let V::Map(mm) = &mut base {
        for (k, v) in extra {
            if let Some(v) = v {
                mm.push((k.to_string(), v));
            }
        }
    }
    base
}
fn s(x: &str) -> Option<V> {
    Some(V::Str(x.to_string()))
}
fn self_ref(id: &str) -> Option<V> {
    Some(V::Ref(Ref { id: id.to_string(), attr: None }))
}
/// `tags = { Name = "x" }` as CloudFormation's `[{Key, Value}]`.
fn tags(p: &V) -> Option<V> {
    let t = p.get("tags")?;
    Some(V::List(t.entries().iter().map(|(k, v)| m(vec![("Key", s(k)), ("Value", Some(v.clone()))])).collect()))
}
/// A JSON document held as a string (show -json) or as the structure `jsonencode` was given.
fn json_doc(v: Option<V>) -> Option<V> {
    match v? {
        V::Str(text) => serde_json::from_str::<serde_json::Value>(&text).ok().map(|j| from_json(&j)),
        other => Some(other),
    }
}
/// A JSON document held as a string or a structure (redrive policies).
pub fn json_doc_pub(v: Option<V>) -> Option<V> {
    json_doc(v)
}

/// JSON to a value (`jsondecode`, documents held as strings).
pub fn json_value(j: &serde_json::Value) -> V {
    from_json(j)
}

fn from_json(j: &serde_json::Value) -> V {
    use serde_json::Value as J;
    match j {
        J::Null => V::Null,
        J::Bool(b) => V::Bool(*b),
        J::Number(n) => V::Num(n.as_f64().unwrap_or(0.0)),
        J::String(s) => V::Str(s.clone()),
        J::Array(a) => V::List(a.iter().map(from_json).collect()),
        J::Object(o) => V::Map(o.iter().map(|(k, v)| (k.clone(), from_json(v))).collect()),
    }
}
/// Listener actions (`default_action` / `action` blocks) in CloudFormation's shape.
fn actions(p: &V, key: &str) -> Option<V> {
    let list: Vec<V> = blocks(p, key)
        .iter()
        .map(|a| {
            let fwd: Vec<V> = blocks(&b0(a, "forward"), "target_group").iter().map(|t| m(vec![("TargetGroupArn", g(t, "arn"))])).collect();
            m(vec![
                ("Type", g(a, "type")),
                ("TargetGroupArn", g(a, "target_group_arn")),
                ("RedirectConfig", Some(m(vec![("Protocol", g(&b0(a, "redirect"), "protocol"))]))),
                ("ForwardConfig", if fwd.is_empty() { None } else { Some(m(vec![("TargetGroups", Some(V::List(fwd)))])) }),
            ])
        })
        .collect();
    Some(V::List(list))
}

/// Security-group rules (`ingress` blocks, or one rule resource) as CloudFormation ingress
/// entries: one per CIDR block and per source group.
fn sg_rules(rule: &V, group_key: &str, cidr_key: &str) -> Vec<V> {
    let proto = g(rule, "protocol").or_else(|| g(rule, "ip_protocol")).map(|p| if p.as_str().as_deref() == Some("all") { V::Str("-1".into()) } else { p });
    let base = |extra: (&str, Option<V>)| m(vec![("IpProtocol", proto.clone()), ("FromPort", g(rule, "from_port")), ("ToPort", g(rule, "to_port")), extra]);
    let mut out = Vec::new();
    for c in rule.get(cidr_key).map(|c| c.items().into_iter().cloned().collect::<Vec<_>>()).unwrap_or_default() {
        out.push(base(("CidrIp", Some(c))));
    }
    for c in g(rule, "cidr_ipv4").into_iter() {
        out.push(base(("CidrIp", Some(c))));
    }
    for sg in rule.get(group_key).map(|c| c.items().into_iter().cloned().collect::<Vec<_>>()).unwrap_or_default() {
        out.push(base(("SourceSecurityGroupId", Some(sg))));
    }
    out
}

pub fn translate(id: &str, ty: &str, p: &V) -> Translated {
    let one = |cfn: &str, props: V| vec![(id.to_string(), cfn.to_string(), props)];
    match ty {
        "aws_vpc" => one("AWS::EC2::VPC", with(r(&[("CidrBlock", "cidr_block")], p), vec![("Tags", tags(p))])),
        "aws_subnet" => one(
            "AWS::EC2::Subnet",
            with(r(&[("VpcId", "vpc_id"), ("CidrBlock", "cidr_block"), ("AvailabilityZone", "availability_zone"), ("MapPublicIpOnLaunch", "map_public_ip_on_launch")], p), vec![("Tags", tags(p))]),
        ),
        "aws_internet_gateway" => {
            let mut out = one("AWS::EC2::InternetGateway", with(V::Map(vec![]), vec![("Tags", tags(p))]));
            if let Some(vpc) = g(p, "vpc_id") {
                out.push((format!("{id}/attachment"), "AWS::EC2::VPCGatewayAttachment".into(), m(vec![("VpcId", Some(vpc)), ("InternetGatewayId", self_ref(id))])));
            }
            out
        }
        "aws_internet_gateway_attachment" => one("AWS::EC2::VPCGatewayAttachment", r(&[("VpcId", "vpc_id"), ("InternetGatewayId", "internet_gateway_id")], p)),
        "aws_nat_gateway" => one("AWS::EC2::NatGateway", with(r(&[("SubnetId", "subnet_id"), ("AllocationId", "allocation_id"), ("ConnectivityType", "connectivity_type")], p), vec![("Tags", tags(p))])),
        "aws_eip" => one("AWS::EC2::EIP", V::Map(vec![])),
        "aws_route_table" | "aws_default_route_table" => {
            let vpc = g(p, "vpc_id").or_else(|| g(p, "default_route_table_id").and_then(|v| v.ref_id().map(|i| V::Ref(Ref { id: i.to_string(), attr: None }))));
            let mut out = one("AWS::EC2::RouteTable", m(vec![("VpcId", vpc)]));
            for (i, rt) in blocks(p, "route").iter().enumerate() {
                out.push((format!("{id}/route{i}"), "AWS::EC2::Route".into(), route(rt, self_ref(id), "cidr_block")));
            }
            out
        }
        "aws_route" => one("AWS::EC2::Route", route(p, g(p, "route_table_id"), "destination_cidr_block")),
        "aws_route_table_association" => one("AWS::EC2::SubnetRouteTableAssociation", r(&[("SubnetId", "subnet_id"), ("RouteTableId", "route_table_id")], p)),
        "aws_vpc_endpoint" => one(
            "AWS::EC2::VPCEndpoint",
            m(vec![
                ("VpcId", g(p, "vpc_id")),
                ("ServiceName", g(p, "service_name")),
                ("VpcEndpointType", g(p, "vpc_endpoint_type").or_else(|| s("Gateway"))),
                ("SubnetIds", g(p, "subnet_ids")),
                ("RouteTableIds", g(p, "route_table_ids")),
                ("SecurityGroupIds", g(p, "security_group_ids")),
            ]),
        ),
        "aws_security_group" => {
            let rules: Vec<V> = blocks(p, "ingress").iter().flat_map(|b| sg_rules(b, "security_groups", "cidr_blocks")).collect();
            one("AWS::EC2::SecurityGroup", m(vec![("GroupName", g(p, "name")), ("VpcId", g(p, "vpc_id")), ("SecurityGroupIngress", Some(V::List(rules)))]))
        }
        "aws_security_group_rule" => {
            let egress = p.get("type").and_then(V::as_str).as_deref() == Some("egress");
            let rules = sg_rules(&with(p.clone(), vec![("source_security_group_id_list", g(p, "source_security_group_id").map(|v| V::List(vec![v])))]), "source_security_group_id_list", "cidr_blocks");
            let cfn = if egress { "AWS::EC2::SecurityGroupEgress" } else { "AWS::EC2::SecurityGroupIngress" };
            rules.into_iter().enumerate().map(|(i, rule)| (if i == 0 { id.to_string() } else { format!("{id}/{i}") }, cfn.to_string(), with(rule, vec![("GroupId", g(p, "security_group_id"))]))).collect()
        }
        "aws_vpc_security_group_ingress_rule" | "aws_vpc_security_group_egress_rule" => {
            let cfn = if ty.ends_with("ingress_rule") { "AWS::EC2::SecurityGroupIngress" } else { "AWS::EC2::SecurityGroupEgress" };
            let src = g(p, "referenced_security_group_id").map(|v| V::List(vec![v]));
            let rule = sg_rules(&with(p.clone(), vec![("refs", src)]), "refs", "none").into_iter().next().unwrap_or(V::Map(vec![]));
            one(cfn, with(rule, vec![("GroupId", g(p, "security_group_id"))]))
        }
        "aws_instance" => one(
            "AWS::EC2::Instance",
            with(
                r(&[("InstanceType", "instance_type"), ("SubnetId", "subnet_id"), ("SecurityGroupIds", "vpc_security_group_ids")], p),
                vec![("BlockDeviceMappings", Some(V::List(vec![m(vec![("Ebs", Some(m(vec![("VolumeSize", g(&b0(p, "root_block_device"), "volume_size"))])))])]))), ("Tags", tags(p))],
            ),
        ),
        "aws_launch_template" | "aws_launch_configuration" => {
            let bdm: Vec<V> = blocks(p, "block_device_mappings")
                .iter()
                .chain(blocks(p, "root_block_device").iter())
                .map(|b| {
                    let e = if b.get("ebs").is_some() { b0(b, "ebs") } else { b.clone() };
                    m(vec![("Ebs", Some(m(vec![("VolumeSize", g(&e, "volume_size")), ("VolumeType", g(&e, "volume_type"))])))])
                })
                .collect();
            let data = m(vec![
                ("InstanceType", g(p, "instance_type")),
                ("ImageId", g(p, "image_id")),
                ("SecurityGroupIds", g(p, "vpc_security_group_ids").or_else(|| g(p, "security_groups"))),
                ("BlockDeviceMappings", Some(V::List(bdm))),
            ]);
            one("AWS::EC2::LaunchTemplate", m(vec![("LaunchTemplateData", Some(data))]))
        }
        "aws_autoscaling_group" => {
            let lt = b0(p, "launch_template");
            one(
                "AWS::AutoScaling::AutoScalingGroup",
                with(
                    r(
                        &[
                            ("MinSize", "min_size"),
                            ("MaxSize", "max_size"),
                            ("DesiredCapacity", "desired_capacity"),
                            ("VPCZoneIdentifier", "vpc_zone_identifier"),
                            ("AvailabilityZones", "availability_zones"),
                            ("TargetGroupARNs", "target_group_arns"),
                            ("HealthCheckType", "health_check_type"),
                            ("HealthCheckGracePeriod", "health_check_grace_period"),
                            ("LaunchConfigurationName", "launch_configuration"),
                        ],
                        p,
                    ),
                    vec![("LaunchTemplate", Some(m(vec![("LaunchTemplateId", g(&lt, "id").or_else(|| g(&lt, "name")))]))), ("MixedInstancesPolicy", mixed_instances(&b0(p, "mixed_instances_policy")))],
                ),
            )
        }
        "aws_autoscaling_policy" => {
            let tt = b0(p, "target_tracking_configuration");
            let metric = g(&b0(&tt, "predefined_metric_specification"), "predefined_metric_type");
            one(
                "AWS::AutoScaling::ScalingPolicy",
                with(
                    r(&[("AutoScalingGroupName", "autoscaling_group_name"), ("PolicyType", "policy_type"), ("ScalingAdjustment", "scaling_adjustment")], p),
                    vec![("TargetTrackingConfiguration", Some(m(vec![("PredefinedMetricSpecification", Some(m(vec![("PredefinedMetricType", metric)])))])))],
                ),
            )
        }
        "aws_cloudwatch_metric_alarm" => one(
            "AWS::CloudWatch::Alarm",
            r(&[("MetricName", "metric_name"), ("Namespace", "namespace"), ("ComparisonOperator", "comparison_operator"), ("Threshold", "threshold"), ("AlarmActions", "alarm_actions")], p),
        ),
        "aws_cloudwatch_dashboard" => one("AWS::CloudWatch::Dashboard", V::Map(vec![])),
        "aws_lb" | "aws_alb" => {
            let internal = p.get("internal").and_then(V::as_bool).unwrap_or(false);
            let mappings: Vec<V> = blocks(p, "subnet_mapping").iter().map(|b| m(vec![("SubnetId", g(b, "subnet_id"))])).collect();
            one(
                "AWS::ElasticLoadBalancingV2::LoadBalancer",
                with(
                    r(&[("Type", "load_balancer_type"), ("Subnets", "subnets"), ("SecurityGroups", "security_groups")], p),
                    vec![("Scheme", s(if internal { "internal" } else { "internet-facing" })), ("SubnetMappings", Some(V::List(mappings))), ("Tags", tags(p))],
                ),
            )
        }
        "aws_lb_listener" | "aws_alb_listener" => one(
            "AWS::ElasticLoadBalancingV2::Listener",
            with(
                r(&[("LoadBalancerArn", "load_balancer_arn"), ("Port", "port"), ("Protocol", "protocol")], p),
                vec![("DefaultActions", actions(p, "default_action")), ("Certificates", g(p, "certificate_arn").map(|c| V::List(vec![m(vec![("CertificateArn", Some(c))])])))],
            ),
        ),
        "aws_lb_listener_rule" | "aws_alb_listener_rule" => one("AWS::ElasticLoadBalancingV2::ListenerRule", with(r(&[("ListenerArn", "listener_arn"), ("Priority", "priority")], p), vec![("Actions", actions(p, "action"))])),
        "aws_lb_target_group" | "aws_alb_target_group" => {
            one("AWS::ElasticLoadBalancingV2::TargetGroup", r(&[("Port", "port"), ("Protocol", "protocol"), ("TargetType", "target_type"), ("VpcId", "vpc_id")], p))
        }
        "aws_ecs_cluster" => {
            let settings: Vec<V> = blocks(p, "setting").iter().map(|b| m(vec![("Name", g(b, "name")), ("Value", g(b, "value"))])).collect();
            one("AWS::ECS::Cluster", m(vec![("ClusterSettings", Some(V::List(settings)))]))
        }
        "aws_ecs_task_definition" => {
            let containers: Vec<V> = json_doc(g(p, "container_definitions"))
                .map(|d| d.items().into_iter().map(|c| m(vec![("Image", g(c, "image")), ("ReadonlyRootFilesystem", g(c, "readonlyRootFilesystem")), ("LogConfiguration", Some(m(vec![("LogDriver", g(&g(c, "logConfiguration").unwrap_or(V::Null), "logDriver"))])))])).collect())
                .unwrap_or_default();
            one(
                "AWS::ECS::TaskDefinition",
                with(r(&[("Cpu", "cpu"), ("Memory", "memory")], p), vec![("ContainerDefinitions", Some(V::List(containers))), ("RuntimePlatform", Some(m(vec![("CpuArchitecture", g(&b0(p, "runtime_platform"), "cpu_architecture"))])))]),
            )
        }
        "aws_ecs_service" => {
            let net = b0(p, "network_configuration");
            let public = net.get("assign_public_ip").and_then(V::as_bool).map(|b| V::Str(if b { "ENABLED" } else { "DISABLED" }.into()));
            let lbs: Vec<V> = blocks(p, "load_balancer").iter().map(|b| r(&[("TargetGroupArn", "target_group_arn"), ("ContainerName", "container_name"), ("ContainerPort", "container_port")], b)).collect();
            let cps: Vec<V> = blocks(p, "capacity_provider_strategy").iter().map(|b| m(vec![("CapacityProvider", g(b, "capacity_provider"))])).collect();
            one(
                "AWS::ECS::Service",
                with(
                    r(&[("Cluster", "cluster"), ("LaunchType", "launch_type"), ("DesiredCount", "desired_count"), ("TaskDefinition", "task_definition")], p),
                    vec![
                        ("NetworkConfiguration", Some(m(vec![("AwsvpcConfiguration", Some(m(vec![("Subnets", g(&net, "subnets")), ("SecurityGroups", g(&net, "security_groups")), ("AssignPublicIp", public)])))]))),
                        ("LoadBalancers", Some(V::List(lbs))),
                        ("CapacityProviderStrategy", Some(V::List(cps))),
                    ],
                ),
            )
        }
        "aws_eks_cluster" => {
            let vc = b0(p, "vpc_config");
            one("AWS::EKS::Cluster", m(vec![("Version", g(p, "version")), ("ResourcesVpcConfig", Some(r(&[("SubnetIds", "subnet_ids"), ("SecurityGroupIds", "security_group_ids")], &vc)))]))
        }
        "aws_eks_node_group" => {
            let sc = b0(p, "scaling_config");
            one(
                "AWS::EKS::Nodegroup",
                with(
                    r(&[("ClusterName", "cluster_name"), ("Subnets", "subnet_ids"), ("InstanceTypes", "instance_types"), ("CapacityType", "capacity_type"), ("AmiType", "ami_type")], p),
                    vec![("ScalingConfig", Some(r(&[("DesiredSize", "desired_size"), ("MinSize", "min_size"), ("MaxSize", "max_size")], &sc))), ("LaunchTemplate", Some(m(vec![("Id", g(&b0(p, "launch_template"), "id"))])))],
                ),
            )
        }
        "aws_eks_fargate_profile" => one("AWS::EKS::FargateProfile", r(&[("ClusterName", "cluster_name"), ("Subnets", "subnet_ids")], p)),
        "aws_lambda_function" => {
            let vc = b0(p, "vpc_config");
            one(
                "AWS::Lambda::Function",
                with(
                    r(&[("Runtime", "runtime"), ("MemorySize", "memory_size"), ("Timeout", "timeout"), ("Architectures", "architectures"), ("ReservedConcurrentExecutions", "reserved_concurrent_executions")], p),
                    vec![
                        ("VpcConfig", Some(r(&[("SubnetIds", "subnet_ids"), ("SecurityGroupIds", "security_group_ids")], &vc))),
                        ("Environment", Some(m(vec![("Variables", g(&b0(p, "environment"), "variables"))]))),
                        ("DeadLetterConfig", g(&b0(p, "dead_letter_config"), "target_arn").map(|t| m(vec![("TargetArn", Some(t))]))),
                    ],
                ),
            )
        }
        "aws_lambda_permission" => one("AWS::Lambda::Permission", r(&[("FunctionName", "function_name"), ("Principal", "principal")], p)),
        "aws_lambda_event_source_mapping" => one("AWS::Lambda::EventSourceMapping", r(&[("EventSourceArn", "event_source_arn"), ("FunctionName", "function_name")], p)),
        "aws_lambda_function_url" => one("AWS::Lambda::Url", r(&[("TargetFunctionArn", "function_name")], p)),
        "aws_api_gateway_rest_api" => one("AWS::ApiGateway::RestApi", m(vec![("EndpointConfiguration", Some(m(vec![("Types", g(&b0(p, "endpoint_configuration"), "types"))])))])),
        "aws_api_gateway_resource" => one("AWS::ApiGateway::Resource", r(&[("RestApiId", "rest_api_id"), ("ParentId", "parent_id"), ("PathPart", "path_part")], p)),
        "aws_api_gateway_method" => one("AWS::ApiGateway::Method", r(&[("RestApiId", "rest_api_id"), ("ResourceId", "resource_id"), ("HttpMethod", "http_method"), ("AuthorizationType", "authorization")], p)),
        "aws_api_gateway_integration" => one(
            "AWS::ApiGateway::Method",
            with(r(&[("RestApiId", "rest_api_id"), ("ResourceId", "resource_id"), ("HttpMethod", "http_method")], p), vec![("Integration", Some(r(&[("Type", "type"), ("Uri", "uri")], p)))]),
        ),
        "aws_api_gateway_deployment" => one("AWS::ApiGateway::Deployment", r(&[("RestApiId", "rest_api_id")], p)),
        "aws_api_gateway_stage" => one("AWS::ApiGateway::Stage", r(&[("RestApiId", "rest_api_id"), ("StageName", "stage_name"), ("CacheClusterEnabled", "cache_cluster_enabled")], p)),
        "aws_api_gateway_authorizer" => one("AWS::ApiGateway::Authorizer", r(&[("RestApiId", "rest_api_id"), ("ProviderARNs", "provider_arns"), ("AuthorizerUri", "authorizer_uri")], p)),
        "aws_apigatewayv2_api" => one("AWS::ApiGatewayV2::Api", r(&[("ProtocolType", "protocol_type"), ("Target", "target")], p)),
        "aws_apigatewayv2_integration" => one("AWS::ApiGatewayV2::Integration", r(&[("ApiId", "api_id"), ("IntegrationUri", "integration_uri"), ("ConnectionType", "connection_type")], p)),
        "aws_apigatewayv2_route" => one("AWS::ApiGatewayV2::Route", r(&[("ApiId", "api_id")], p)),
        "aws_apigatewayv2_stage" => one("AWS::ApiGatewayV2::Stage", r(&[("ApiId", "api_id")], p)),
        "aws_apigatewayv2_authorizer" => one("AWS::ApiGatewayV2::Authorizer", r(&[("ApiId", "api_id")], p)),
        "aws_apigatewayv2_vpc_link" => one("AWS::ApiGatewayV2::VpcLink", r(&[("SubnetIds", "subnet_ids")], p)),
        "aws_dynamodb_table" => {
            let mut keys = Vec::new();
            if let Some(h) = g(p, "hash_key") {
                keys.push(m(vec![("KeyType", s("HASH")), ("AttributeName", Some(h))]));
            }
            if let Some(k) = g(p, "range_key") {
                keys.push(m(vec![("KeyType", s("RANGE")), ("AttributeName", Some(k))]));
            }
            let streams = p.get("stream_enabled").and_then(V::as_bool) == Some(true);
            let global = !blocks(p, "replica").is_empty();
            one(
                if global { "AWS::DynamoDB::GlobalTable" } else { "AWS::DynamoDB::Table" },
                m(vec![
                    ("BillingMode", g(p, "billing_mode").or_else(|| s("PROVISIONED"))),
                    ("ProvisionedThroughput", Some(r(&[("ReadCapacityUnits", "read_capacity"), ("WriteCapacityUnits", "write_capacity")], p))),
                    ("StreamSpecification", if streams { Some(m(vec![("StreamViewType", g(p, "stream_view_type"))])) } else { None }),
                    ("PointInTimeRecoverySpecification", Some(m(vec![("PointInTimeRecoveryEnabled", g(&b0(p, "point_in_time_recovery"), "enabled"))]))),
                    ("KeySchema", Some(V::List(keys))),
                ]),
            )
        }
        "aws_s3_bucket" => {
            // Inline settings of older provider versions; newer ones are separate resources.
            let ver = g(&b0(p, "versioning"), "enabled").and_then(|v| v.as_bool()).filter(|b| *b).map(|_| m(vec![("Status", s("Enabled"))]));
            let logging = g(&b0(p, "logging"), "target_bucket").map(|b| m(vec![("DestinationBucketName", Some(b))]));
            let website = if blocks(p, "website").is_empty() { None } else { Some(V::Map(vec![])) };
            let lifecycle = if blocks(p, "lifecycle_rule").is_empty() { None } else { Some(V::Map(vec![])) };
            let repl: Vec<V> = blocks(&b0(p, "replication_configuration"), "rules").iter().map(|rr| m(vec![("Destination", Some(m(vec![("Bucket", g(&b0(rr, "destination"), "bucket"))])))])).collect();
            one(
                "AWS::S3::Bucket",
                m(vec![
                    ("VersioningConfiguration", ver),
                    ("LoggingConfiguration", logging),
                    ("WebsiteConfiguration", website),
                    ("LifecycleConfiguration", lifecycle),
                    ("ReplicationConfiguration", if repl.is_empty() { None } else { Some(m(vec![("Rules", Some(V::List(repl)))])) }),
                    ("Tags", tags(p)),
                ]),
            )
        }
        "aws_s3_bucket_policy" => one("AWS::S3::BucketPolicy", r(&[("Bucket", "bucket")], p)),
        "aws_cloudfront_distribution" => {
            let origins: Vec<V> = blocks(p, "origin").iter().map(|o| r(&[("DomainName", "domain_name"), ("Id", "origin_id"), ("OriginAccessControlId", "origin_access_control_id")], o)).collect();
            let dcb = b0(p, "default_cache_behavior");
            let behaviours: Vec<V> = blocks(p, "ordered_cache_behavior").iter().map(|b| r(&[("PathPattern", "path_pattern"), ("TargetOriginId", "target_origin_id")], b)).collect();
            let cfg = m(vec![
                ("Origins", Some(V::List(origins))),
                ("DefaultCacheBehavior", Some(r(&[("TargetOriginId", "target_origin_id"), ("Compress", "compress"), ("DefaultTTL", "default_ttl")], &dcb))),
                ("CacheBehaviors", Some(V::List(behaviours))),
                ("PriceClass", g(p, "price_class")),
                ("Logging", g(&b0(p, "logging_config"), "bucket").map(|b| m(vec![("Bucket", Some(b))]))),
                ("WebACLId", g(p, "web_acl_id")),
                ("ViewerCertificate", Some(m(vec![("AcmCertificateArn", g(&b0(p, "viewer_certificate"), "acm_certificate_arn"))]))),
            ]);
            one("AWS::CloudFront::Distribution", m(vec![("DistributionConfig", Some(cfg))]))
        }
        "aws_cloudfront_origin_access_control" => one("AWS::CloudFront::OriginAccessControl", V::Map(vec![])),
        "aws_wafv2_web_acl" => {
            let rules: Vec<V> = blocks(p, "rule")
                .iter()
                .map(|rule| {
                    let st = b0(rule, "statement");
                    m(vec![(
                        "Statement",
                        Some(m(vec![
                            ("ManagedRuleGroupStatement", g(&b0(&st, "managed_rule_group_statement"), "name").map(|n| m(vec![("Name", Some(n))]))),
                            ("RateBasedStatement", if blocks(&st, "rate_based_statement").is_empty() { None } else { Some(V::Map(vec![])) }),
                        ])),
                    )])
                })
                .collect();
            one("AWS::WAFv2::WebACL", m(vec![("Scope", g(p, "scope")), ("Rules", Some(V::List(rules)))]))
        }
        "aws_wafv2_web_acl_association" => one("AWS::WAFv2::WebACLAssociation", r(&[("ResourceArn", "resource_arn"), ("WebACLArn", "web_acl_arn")], p)),
        "aws_cognito_user_pool" => one("AWS::Cognito::UserPool", r(&[("MfaConfiguration", "mfa_configuration")], p)),
        "aws_cognito_user_pool_client" => one("AWS::Cognito::UserPoolClient", r(&[("UserPoolId", "user_pool_id")], p)),
        "aws_cognito_user_pool_domain" => one("AWS::Cognito::UserPoolDomain", r(&[("UserPoolId", "user_pool_id")], p)),
        "aws_db_instance" | "aws_rds_cluster_instance" => one(
            "AWS::RDS::DBInstance",
            r(
                &[
                    ("Engine", "engine"),
                    ("DBInstanceClass", "instance_class"),
                    ("MultiAZ", "multi_az"),
                    ("AllocatedStorage", "allocated_storage"),
                    ("StorageType", "storage_type"),
                    ("BackupRetentionPeriod", "backup_retention_period"),
                    ("StorageEncrypted", "storage_encrypted"),
                    ("DeletionProtection", "deletion_protection"),
                    ("DBSubnetGroupName", "db_subnet_group_name"),
                    ("VPCSecurityGroups", "vpc_security_group_ids"),
                    ("SourceDBInstanceIdentifier", "replicate_source_db"),
                    ("PubliclyAccessible", "publicly_accessible"),
                    ("DBClusterIdentifier", "cluster_identifier"),
                    ("DBParameterGroupName", "parameter_group_name"),
                ],
                p,
            ),
        ),
        "aws_rds_cluster" => {
            let sv2 = b0(p, "serverlessv2_scaling_configuration");
            one(
                "AWS::RDS::DBCluster",
                with(
                    r(&[("Engine", "engine"), ("DBSubnetGroupName", "db_subnet_group_name"), ("BackupRetentionPeriod", "backup_retention_period"), ("VpcSecurityGroupIds", "vpc_security_group_ids"), ("DBClusterParameterGroupName", "db_cluster_parameter_group_name")], p),
                    vec![("ServerlessV2ScalingConfiguration", if matches!(sv2, V::Null) { None } else { Some(r(&[("MinCapacity", "min_capacity"), ("MaxCapacity", "max_capacity")], &sv2)) })],
                ),
            )
        }
        "aws_db_subnet_group" => one("AWS::RDS::DBSubnetGroup", r(&[("SubnetIds", "subnet_ids")], p)),
        // `parameter { name, value }` blocks as CloudFormation's Parameters map.
        "aws_db_parameter_group" | "aws_rds_cluster_parameter_group" => {
            let params: Vec<(String, V)> = blocks(p, "parameter").iter().filter_map(|b| Some((g(b, "name")?.as_str()?, g(b, "value")?))).collect();
            let ty = if ty == "aws_db_parameter_group" { "AWS::RDS::DBParameterGroup" } else { "AWS::RDS::DBClusterParameterGroup" };
            one(ty, m(vec![("Family", g(p, "family")), ("Parameters", Some(V::Map(params)))]))
        }
        "aws_elasticache_subnet_group" => one("AWS::ElastiCache::SubnetGroup", r(&[("SubnetIds", "subnet_ids")], p)),
        "aws_memorydb_subnet_group" => one("AWS::MemoryDB::SubnetGroup", r(&[("SubnetIds", "subnet_ids")], p)),
        "aws_elasticache_replication_group" => one(
            "AWS::ElastiCache::ReplicationGroup",
            r(
                &[
                    ("Engine", "engine"),
                    ("CacheNodeType", "node_type"),
                    ("NumCacheClusters", "num_cache_clusters"),
                    ("NumNodeGroups", "num_node_groups"),
                    ("ReplicasPerNodeGroup", "replicas_per_node_group"),
                    ("AutomaticFailoverEnabled", "automatic_failover_enabled"),
                    ("MultiAZEnabled", "multi_az_enabled"),
                    ("TransitEncryptionEnabled", "transit_encryption_enabled"),
                    ("CacheSubnetGroupName", "subnet_group_name"),
                    ("SecurityGroupIds", "security_group_ids"),
                ],
                p,
            ),
        ),
        "aws_elasticache_cluster" => one(
            "AWS::ElastiCache::CacheCluster",
            r(&[("Engine", "engine"), ("CacheNodeType", "node_type"), ("NumCacheNodes", "num_cache_nodes"), ("CacheSubnetGroupName", "subnet_group_name"), ("SecurityGroupIds", "security_group_ids")], p),
        ),
        "aws_memorydb_cluster" => one(
            "AWS::MemoryDB::Cluster",
            r(&[("NodeType", "node_type"), ("NumShards", "num_shards"), ("NumReplicasPerShard", "num_replicas_per_shard"), ("TLSEnabled", "tls_enabled"), ("SubnetGroupName", "subnet_group_name"), ("SecurityGroupIds", "security_group_ids")], p),
        ),
        "aws_sqs_queue" => {
            let rp = json_doc(g(p, "redrive_policy"));
            one(
                "AWS::SQS::Queue",
                with(r(&[("FifoQueue", "fifo_queue"), ("VisibilityTimeout", "visibility_timeout_seconds"), ("MessageRetentionPeriod", "message_retention_seconds")], p), vec![("RedrivePolicy", rp)]),
            )
        }
        "aws_sqs_queue_policy" => one("AWS::SQS::QueuePolicy", m(vec![("Queues", g(p, "queue_url").map(|q| V::List(vec![q])))])),
        "aws_sns_topic" => one("AWS::SNS::Topic", r(&[("FifoTopic", "fifo_topic"), ("KmsMasterKeyId", "kms_master_key_id")], p)),
        "aws_sns_topic_subscription" => one("AWS::SNS::Subscription", r(&[("TopicArn", "topic_arn"), ("Endpoint", "endpoint"), ("Protocol", "protocol")], p)),
        "aws_cloudwatch_event_bus" => one("AWS::Events::EventBus", V::Map(vec![])),
        "aws_cloudwatch_event_rule" => one("AWS::Events::Rule", r(&[("EventBusName", "event_bus_name"), ("ScheduleExpression", "schedule_expression")], p)),
        "aws_sfn_state_machine" => one("AWS::StepFunctions::StateMachine", r(&[("StateMachineType", "type")], p)),
        "aws_kinesis_stream" => one(
            "AWS::Kinesis::Stream",
            with(r(&[("ShardCount", "shard_count"), ("RetentionPeriodHours", "retention_period")], p), vec![("StreamModeDetails", Some(m(vec![("StreamMode", g(&b0(p, "stream_mode_details"), "stream_mode"))])))]),
        ),
        "aws_secretsmanager_secret" => one("AWS::SecretsManager::Secret", V::Map(vec![])),
        "aws_secretsmanager_secret_rotation" => one("AWS::SecretsManager::RotationSchedule", r(&[("SecretId", "secret_id")], p)),
        "aws_kms_key" => one("AWS::KMS::Key", r(&[("EnableKeyRotation", "enable_key_rotation")], p)),
        "aws_acm_certificate" => one("AWS::CertificateManager::Certificate", V::Map(vec![])),
        "aws_route53_zone" => one("AWS::Route53::HostedZone", V::Map(vec![])),
        "aws_route53_record" => one("AWS::Route53::RecordSet", with(r(&[("HostedZoneId", "zone_id"), ("Name", "name")], p), vec![("AliasTarget", Some(m(vec![("DNSName", g(&b0(p, "alias"), "name"))])))])),
        "aws_ecr_repository" => one(
            "AWS::ECR::Repository",
            with(r(&[("ImageTagMutability", "image_tag_mutability")], p), vec![("ImageScanningConfiguration", Some(m(vec![("ScanOnPush", g(&b0(p, "image_scanning_configuration"), "scan_on_push"))])))]),
        ),
        "aws_efs_file_system" => one("AWS::EFS::FileSystem", V::Map(vec![])),
        "aws_efs_mount_target" => one("AWS::EFS::MountTarget", r(&[("FileSystemId", "file_system_id"), ("SubnetId", "subnet_id")], p)),
        "aws_ebs_volume" => one("AWS::EC2::Volume", r(&[("Size", "size"), ("VolumeType", "type")], p)),
        "aws_ec2_transit_gateway" => one("AWS::EC2::TransitGateway", V::Map(vec![])),
        "aws_sagemaker_endpoint" => one("AWS::SageMaker::Endpoint", V::Map(vec![])),
        "aws_key_pair" => one("AWS::EC2::KeyPair", V::Map(vec![])),
        "aws_network_acl" | "aws_network_acl_rule" | "aws_network_acl_association" => one("AWS::EC2::NetworkAcl", V::Map(vec![])),
        t if t.starts_with("aws_iam_") => one("AWS::IAM::Role", V::Map(vec![])),
        t if t.starts_with("aws_cloudwatch_log_") => one("AWS::Logs::LogGroup", V::Map(vec![])),
        t if t.starts_with("aws_ssm_") => one("AWS::SSM::Parameter", V::Map(vec![])),
        _ => vec![],
    }
}

/// An ASG's `mixed_instances_policy` block as CloudFormation's `MixedInstancesPolicy`
/// (instance type overrides, on-demand base and percentage); None without one.
fn mixed_instances(mip: &V) -> Option<V> {
    if matches!(mip, V::Null) {
        return None;
    }
    let lt = b0(mip, "launch_template");
    let spec = b0(&lt, "launch_template_specification");
    let overrides: Vec<V> = blocks(&lt, "override").iter().map(|o| m(vec![("InstanceType", g(o, "instance_type"))])).collect();
    let dist = b0(mip, "instances_distribution");
    Some(m(vec![
        ("LaunchTemplate", Some(m(vec![("LaunchTemplateSpecification", Some(m(vec![("LaunchTemplateId", g(&spec, "launch_template_id").or_else(|| g(&spec, "launch_template_name")))]))), ("Overrides", Some(V::List(overrides)))]))),
        ("InstancesDistribution", Some(r(&[("OnDemandBaseCapacity", "on_demand_base_capacity"), ("OnDemandPercentageAboveBaseCapacity", "on_demand_percentage_above_base_capacity")], &dist))),
    ]))
}

fn route(rt: &V, table: Option<V>, dest_key: &str) -> V {
    m(vec![
        ("RouteTableId", table),
        ("DestinationCidrBlock", g(rt, dest_key).or_else(|| g(rt, "destination_ipv6_cidr_block")).or_else(|| g(rt, "ipv6_cidr_block"))),
        ("GatewayId", g(rt, "gateway_id")),
        ("NatGatewayId", g(rt, "nat_gateway_id")),
        ("TransitGatewayId", g(rt, "transit_gateway_id")),
        ("VpcEndpointId", g(rt, "vpc_endpoint_id")),
        ("VpcPeeringConnectionId", g(rt, "vpc_peering_connection_id")),
    ])
}
