//! Export a design as CloudFormation (YAML) or Terraform (HCL).
