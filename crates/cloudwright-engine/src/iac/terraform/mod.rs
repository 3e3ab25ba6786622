//! Terraform (HCL source and `terraform show -json`) into an [`Inventory`].

use super::inventory::Inventory;
use super::{Options, SourceFile};

pub fn read(_files: &[&SourceFile], _opts: &Options, _inv: &mut Inventory) -> Result<(), Vec<String>> {
    Err(vec!["Terraform import is not built yet".into()])
}
