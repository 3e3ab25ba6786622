// Copies the AWS architecture icons the catalog uses from the npm package `aws-icons`
// (MIT-licensed packaging of the official AWS icon set; AWS permits them in architecture
// diagrams) into public/icons/<kind-id>.svg. The copies are committed, so building the app
// needs no npm; re-run this after adding a kind:  node scripts/icons.mjs
import { copyFileSync, mkdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const src = 'node_modules/aws-icons/icons';
const S = (f) => `architecture-service/${f}.svg`;
const R = (f) => `resource/${f}.svg`;
const G = (f) => `architecture-group/${f}.svg`;

export const ICONS = {
  'users': R('Users'), 'on-premises': G('Corporatedatacenter'), 'external-api': R('Internet'),
  'region': G('Region'), 'vpc': G('VirtualprivatecloudVPC'), 'az': G('Region'),
  'subnet': G('Privatesubnet'), 'internet-gateway': R('AmazonVPCInternetGateway'),
  'nat-gateway': R('AmazonVPCNATGateway'), 'vpc-endpoint-gateway': R('AmazonVPCEndpoints'),
  'vpc-endpoint-interface': S('AWSPrivateLink'), 'elastic-ip': R('AmazonEC2ElasticIPAddress'),
  'alb': R('ElasticLoadBalancingApplicationLoadBalancer'), 'nlb': R('ElasticLoadBalancingNetworkLoadBalancer'),
  'vpc-link': R('AmazonAPIGatewayEndpoint'), 'transit-gateway': S('AWSTransitGateway'),
  'route53': S('AmazonRoute53'), 'cloudfront': S('AmazonCloudFront'), 'waf': S('AWSWAF'),
  'api-gateway': S('AmazonAPIGateway'), 'ec2': S('AmazonEC2'), 'asg': S('AmazonEC2AutoScaling'),
  'ecs-cluster': S('AmazonElasticContainerService'), 'ecs-service': R('AmazonElasticContainerServiceService'),
  'eks-cluster': S('AmazonElasticKubernetesService'), 'eks-nodegroup': G('AutoScalinggroup'),
  'karpenter': S('AWSApplicationAutoScaling'), 'fargate-profile': S('AWSFargate'),
  'ecr': S('AmazonElasticContainerRegistry'), 'cloud-map': S('AWSCloudMap'), 'service-mesh': S('AWSAppMesh'),
  'lambda': S('AWSLambda'), 'rds': S('AmazonRDS'), 'aurora': S('AmazonAurora'),
  'dynamodb': S('AmazonDynamoDB'), 'elasticache': S('AmazonElastiCache'),
  's3': S('AmazonSimpleStorageService'), 'efs': S('AmazonEFS'), 'ebs': R('AmazonElasticBlockStoreVolume'),
  'sqs': S('AmazonSimpleQueueService'), 'sns': S('AmazonSimpleNotificationService'),
  'eventbridge': S('AmazonEventBridge'), 'step-functions': S('AWSStepFunctions'),
  'kinesis': S('AmazonKinesisDataStreams'), 'cognito': S('AmazonCognito'),
  'secrets-manager': S('AWSSecretsManager'), 'kms': S('AWSKeyManagementService'),
  'acm': S('AWSCertificateManager'), 'cloudwatch': S('AmazonCloudWatch'), 'xray': S('AWSXRay'),
  'sagemaker-endpoint': S('AmazonSageMakerAI'), 'sagemaker-training': S('AmazonSageMaker'),
  'bedrock': S('AmazonBedrock'),
};

mkdirSync('public/icons', { recursive: true });
let n = 0;
for (const [id, file] of Object.entries(ICONS)) {
  const from = join(src, file);
  if (!existsSync(from)) { console.error(`missing icon for ${id}: ${from}`); process.exitCode = 1; continue; }
  copyFileSync(from, `public/icons/${id}.svg`);
  n++;
}
console.log(`copied ${n} icons to public/icons/`);
