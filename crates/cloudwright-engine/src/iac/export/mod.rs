//! Export a design as CloudFormation (YAML) or Terraform (HCL): a reasonable starting point
//! with the resources, their containment, parameters (variables) for what the design does
//! not know, and comments for what must still be decided. [`plan`] decides once, for both
//! formats, which connections the code expresses; the rest is kept in a metadata block so
//! that importing the export gives back the same topology.

pub mod cfn;
pub mod plan;
pub mod terraform;
pub mod yaml;

pub use plan::logical_id;

/// The design as a CloudFormation YAML template.
pub fn cloudformation(d: &crate::Design) -> String {
    cfn::export(d)
}

/// The design as Terraform HCL (one `main.tf`).
pub fn terraform(d: &crate::Design) -> String {
    terraform::export(d)
}
