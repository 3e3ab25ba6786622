//! Edits are data: every change to a design is an [`Edit`] value that can be applied and
//! inverted. Undo/redo, autosave, the CLI and the tests all rest on this.
//!
//! Invariants:
//! - `apply` is atomic: it either applies the whole edit or leaves the design untouched.
//! - `apply(e)` then `apply(e.invert())` restores the design exactly (checked by proptests).
//! - Each edit records its `before` state, and `apply` refuses an edit whose `before` does
//!   not match the design (a stale edit), so an inverse can never restore the wrong thing.

use crate::catalog;
use crate::model::fields;
use crate::model::span;
use crate::model::{check_connection, check_parent, Connection, ConnId, Design, Ingress, Node, NodeId, Rect, Scenario, Suppression, Value, Workload};
use serde::{Deserialize, Serialize};
use std::fmt;

// Serialize is derived (internally tagged: `{"op": "move", "id": …}`, the tag written first);
// Deserialize is `edit_serde`'s reader of that same form, which reads the tag first and the
// fields straight from the input: serde's derived reader of an internally tagged enum buffers
// every edit into its `Content` tree first, which compiled a second reader of every type an
// edit holds into the page's wasm (~80 kB before wasm-opt; BENCHMARKS.md, "s45-size").
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Edit {
    /// Adds a node (with no children and no connections) and, optionally, its rectangle.
    AddNode { node: Node, rect: Option<Rect> },
    /// Removes a node that has no children and no connections (see [`Edit::remove_cascade`]).
    RemoveNode { node: Node, rect: Option<Rect> },
    Move { id: NodeId, before: Rect, after: Rect },
    Resize { id: NodeId, before: Rect, after: Rect },
    Reparent { id: NodeId, before: Option<NodeId>, after: Option<NodeId> },
    /// Sets the further subnets a component spanning AZs is placed in (see [`crate::model::span`]).
    SetSpan { id: NodeId, before: Vec<NodeId>, after: Vec<NodeId> },
    /// Sets (Some) or clears back to the catalog default (None) a property.
    SetProp { id: NodeId, key: String, before: Option<Value>, after: Option<Value> },
    SetLabel { id: NodeId, before: String, after: String },
    SetIngress { id: NodeId, before: Vec<Ingress>, after: Vec<Ingress> },
    SetSuppressions { id: NodeId, before: Vec<Suppression>, after: Vec<Suppression> },
    Connect { conn: Connection },
    Disconnect { conn: Connection },
    UpdateConnection { before: Connection, after: Connection },
    SetWorkload { before: Workload, after: Workload },
    Rename { before: String, after: String },
    SetRegion { before: String, after: String },
    /// Inserts a what-if scenario at `index` of [`Design::scenarios`] (see [`crate::scenario`]).
    AddScenario { index: usize, scenario: Scenario },
    /// Removes the scenario at `index`, which must be `scenario` exactly.
    RemoveScenario { index: usize, scenario: Scenario },
    /// Renames or changes a scenario (same id, same place).
    UpdateScenario { before: Scenario, after: Scenario },
    /// Several edits applied as one undo step, in order. `switch`: set on a Compare "Switch"
    /// batch, what it switched (absent from histories saved before session 24, which load as
    /// plain batches).
    Batch {
        label: String,
        edits: Vec<Edit>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        switch: Option<Box<SwitchMark>>,
    },
}

/// The reader of [`Edit`]'s serialized form (see the note on [`Edit`]).
mod edit_serde {
    use super::*;
    use serde::de::{self, DeserializeSeed, Deserializer, EnumAccess, IntoDeserializer, MapAccess, VariantAccess, Visitor};

    /// [`Edit`]'s variants and fields as serde's default (externally tagged) form reads them,
    /// checked against [`Edit`] by `remote` (a variant or field that differs does not compile).
    #[derive(Deserialize)]
    #[serde(remote = "Edit", rename_all = "snake_case")]
    #[allow(dead_code)]
    enum EditDef {
        AddNode { node: Node, rect: Option<Rect> },
        RemoveNode { node: Node, rect: Option<Rect> },
        Move { id: NodeId, before: Rect, after: Rect },
        Resize { id: NodeId, before: Rect, after: Rect },
        Reparent { id: NodeId, before: Option<NodeId>, after: Option<NodeId> },
        SetSpan { id: NodeId, before: Vec<NodeId>, after: Vec<NodeId> },
        SetProp { id: NodeId, key: String, before: Option<Value>, after: Option<Value> },
        SetLabel { id: NodeId, before: String, after: String },
        SetIngress { id: NodeId, before: Vec<Ingress>, after: Vec<Ingress> },
        SetSuppressions { id: NodeId, before: Vec<Suppression>, after: Vec<Suppression> },
        Connect { conn: Connection },
        Disconnect { conn: Connection },
        UpdateConnection { before: Connection, after: Connection },
        SetWorkload { before: Workload, after: Workload },
        Rename { before: String, after: String },
        SetRegion { before: String, after: String },
        AddScenario { index: usize, scenario: Scenario },
        RemoveScenario { index: usize, scenario: Scenario },
        UpdateScenario { before: Scenario, after: Scenario },
        Batch {
            label: String,
            edits: Vec<Edit>,
            #[serde(default)]
            switch: Option<Box<SwitchMark>>,
        },
    }

    impl<'de> Deserialize<'de> for Edit {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Edit, D::Error> {
            d.deserialize_map(OpFirst)
        }
    }

    /// An edit is a map whose first key is `op`: serde's derived `Serialize` writes the tag
    /// first, and every edit read is one it wrote (the page's saved sessions, the analysis
    /// worker's requests, the tests' round trips). The rest of the map is the variant's
    /// fields. A map whose first key is another is refused, not searched for its tag.
    struct OpFirst;

    impl<'de> Visitor<'de> for OpFirst {
        type Value = Edit;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("an edit: a map whose first key is \"op\"")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Edit, A::Error> {
            match map.next_key::<String>()?.as_deref() {
                Some("op") => {}
                _ => return Err(de::Error::custom("an edit's first key must be \"op\"")),
            }
            let op: String = map.next_value()?;
            EditDef::deserialize(Tagged { op, map })
        }
    }

    /// The variant named by `op`, its fields the rest of `map`: serde's `EnumAccess` over them.
    struct Tagged<A> {
        op: String,
        map: A,
    }

    impl<'de, A: MapAccess<'de>> Deserializer<'de> for Tagged<A> {
        type Error = A::Error;
        fn deserialize_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, A::Error> {
            v.visit_enum(self)
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option unit unit_struct newtype_struct seq tuple tuple_struct map struct enum identifier ignored_any
        }
    }

    impl<'de, A: MapAccess<'de>> EnumAccess<'de> for Tagged<A> {
        type Error = A::Error;
        type Variant = Fields<A>;
        fn variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<(S::Value, Fields<A>), A::Error> {
            let op: de::value::StringDeserializer<A::Error> = self.op.into_deserializer();
            Ok((seed.deserialize(op)?, Fields(self.map)))
        }
    }

    struct Fields<A>(A);

    impl<'de, A: MapAccess<'de>> VariantAccess<'de> for Fields<A> {
        type Error = A::Error;
        fn unit_variant(self) -> Result<(), A::Error> {
            Err(de::Error::custom("an edit has fields"))
        }
        fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, _: T) -> Result<T::Value, A::Error> {
            Err(de::Error::custom("an edit has named fields"))
        }
        fn tuple_variant<V: Visitor<'de>>(self, _: usize, _: V) -> Result<V::Value, A::Error> {
            Err(de::Error::custom("an edit has named fields"))
        }
        fn struct_variant<V: Visitor<'de>>(self, _: &'static [&'static str], v: V) -> Result<V::Value, A::Error> {
            v.visit_map(self.0)
        }
    }
}

/// What a Compare "Switch" batch did, as data (QA s23 second pass: the chain of Switches was
/// found by the label prefix "Switch " and what was not kept by the label's text): the
/// components it switched, the options it switched them from and to, and what it did not keep.
/// The settings it replaced are its own edits' `before` values (its `RemoveNode`s and
/// `SetProp`s), so its exact inverse gives them back; [`crate::compare`] reverts a service's
/// Switches by those inverses, keeping the unrelated edits made since.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SwitchMark {
    /// The components switched (a service and its copies in other AZs, or one API).
    pub nodes: Vec<NodeId>,
    /// The option they ran before and after the switch: option ids ("ecs-fargate",
    /// "eks-fargate", "http", "rest"...).
    pub from: String,
    pub to: String,
    /// What the switch does not keep, a few words each ("Graviton (arm64)", "traffic sizing").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_kept: Vec<String>,
}

impl Edit {
    /// A batch: several edits as one undo step.
    pub fn batch(label: impl Into<String>, edits: Vec<Edit>) -> Edit {
        Edit::Batch { label: label.into(), edits, switch: None }
    }

    /// The Compare "Switch" this edit is, if it is one.
    pub fn switch_mark(&self) -> Option<&SwitchMark> {
        match self {
            Edit::Batch { switch, .. } => switch.as_deref(),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EditError(pub String);

impl fmt::Display for EditError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
impl std::error::Error for EditError {}

fn err<T>(msg: impl Into<String>) -> Result<T, EditError> {
    Err(EditError(msg.into()))
}

fn node_mut<'a>(d: &'a mut Design, id: &NodeId) -> Result<&'a mut Node, EditError> {
    d.nodes.get_mut(id).ok_or_else(|| EditError(format!("node \"{id}\" does not exist")))
}

impl Edit {
    /// The inverse edit: applying it after `self` restores the design exactly.
    pub fn invert(&self) -> Edit {
        use Edit::*;
        match self.clone() {
            AddNode { node, rect } => RemoveNode { node, rect },
            RemoveNode { node, rect } => AddNode { node, rect },
            Move { id, before, after } => Move { id, before: after, after: before },
            Resize { id, before, after } => Resize { id, before: after, after: before },
            Reparent { id, before, after } => Reparent { id, before: after, after: before },
            SetSpan { id, before, after } => SetSpan { id, before: after, after: before },
            SetProp { id, key, before, after } => SetProp { id, key, before: after, after: before },
            SetLabel { id, before, after } => SetLabel { id, before: after, after: before },
            SetIngress { id, before, after } => SetIngress { id, before: after, after: before },
            SetSuppressions { id, before, after } => SetSuppressions { id, before: after, after: before },
            Connect { conn } => Disconnect { conn },
            Disconnect { conn } => Connect { conn },
            UpdateConnection { before, after } => UpdateConnection { before: after, after: before },
            SetWorkload { before, after } => SetWorkload { before: after, after: before },
            Rename { before, after } => Rename { before: after, after: before },
            SetRegion { before, after } => SetRegion { before: after, after: before },
            AddScenario { index, scenario } => RemoveScenario { index, scenario },
            RemoveScenario { index, scenario } => AddScenario { index, scenario },
            UpdateScenario { before, after } => UpdateScenario { before: after, after: before },
            Batch { label, edits, switch } => Batch {
                label,
                edits: edits.iter().rev().map(Edit::invert).collect(),
                switch: switch.map(|m| Box::new(SwitchMark { from: m.to.clone(), to: m.from.clone(), nodes: m.nodes.clone(), not_kept: Vec::new() })),
            },
        }
    }

    /// Whether the edit changes only positions and sizes. Layout is read by no analysis,
    /// so the app skips recomputing findings, cost and latency after such an edit.
    pub fn is_layout_only(&self) -> bool {
        match self {
            Edit::Move { .. } | Edit::Resize { .. } => true,
            Edit::Batch { edits, .. } => edits.iter().all(Edit::is_layout_only),
            _ => false,
        }
    }

    /// A short description without the design: a batch's own label, else what the edit
    /// does in general ("Move", "Rename a component"), never an internal id. The undo menu
    /// uses [`Edit::describe`], which names components by their labels.
    pub fn label(&self) -> String {
        match self {
            Edit::Batch { label, .. } => label.clone(),
            e => e.describe(&Design::new("", "us-east-1")),
        }
    }

    /// A short description for the undo menu and the history list, naming components by
    /// their labels in `d` (the design the edit applies to, or was applied to: a node it
    /// adds or removes is named from the edit itself), never by internal id.
    ///
    /// `SetSpan` compares the contents of the span lists: a member swapped for another
    /// subnet (Private b → Public b) is a move, not a removal.
    pub fn describe(&self, d: &Design) -> String {
        use Edit::*;
        let name = |id: &NodeId| self.name_of(d, id).unwrap_or_else(|| "a component".into());
        // A label in quotes; a node named nowhere is "a component", unquoted.
        let quoted = |id: &NodeId| self.name_of(d, id).map_or_else(|| "a component".into(), |n| quote(&n));
        match self {
            AddNode { node, .. } => format!("Add {}", kind_name(&node.kind)),
            RemoveNode { node, .. } => format!("Delete {}", quote(&node_name(node))),
            Move { id, .. } => format!("Move {}", quoted(id)),
            Resize { id, .. } => format!("Resize {}", quoted(id)),
            Reparent { id, after: Some(p), .. } => format!("Move {} into {}", quoted(id), quoted(p)),
            Reparent { id, after: None, .. } => format!("Move {} to the top level", quoted(id)),
            SetSpan { id, before, after } => {
                let added: Vec<&NodeId> = after.iter().filter(|s| !before.contains(s)).collect();
                let removed: Vec<&NodeId> = before.iter().filter(|s| !after.contains(s)).collect();
                let list = |ids: &[&NodeId]| ids.iter().map(|s| name(s)).collect::<Vec<_>>().join(", ");
                match (added.is_empty(), removed.is_empty()) {
                    (false, true) => format!("Place {} in {}", quoted(id), list(&added)),
                    (true, false) => format!("Remove {} from {}", quoted(id), list(&removed)),
                    (false, false) => format!("Move {} to {}", quoted(id), list(&added)),
                    (true, true) => format!("Reorder the AZs of {}", quoted(id)),
                }
            }
            SetProp { id, key, .. } => {
                let prop = d.node(id).and_then(|n| catalog::kind(&n.kind)).and_then(|k| k.prop(key)).map_or(key.as_str(), |p| p.label);
                format!("Set {prop} on {}", quoted(id))
            }
            SetLabel { before, after, .. } if before.trim().is_empty() => format!("Rename {} to {}", kind_of(d, self), quote(after)),
            SetLabel { before, after, .. } => format!("Rename {} to {}", quote(before), quote(after)),
            SetIngress { id, .. } => format!("Change access rules of {}", quoted(id)),
            SetSuppressions { id, before, after } if after.len() > before.len() => format!("Suppress a finding on {}", quoted(id)),
            SetSuppressions { id, .. } => format!("Change suppressions on {}", quoted(id)),
            Connect { conn } => format!("Connect {} to {}", quoted(&conn.from), quoted(&conn.to)),
            Disconnect { conn } => format!("Disconnect {} from {}", quoted(&conn.from), quoted(&conn.to)),
            UpdateConnection { after, .. } => format!("Change the connection from {} to {}", quoted(&after.from), quoted(&after.to)),
            SetWorkload { .. } => "Change workload".into(),
            Rename { .. } => "Rename design".into(),
            SetRegion { .. } => "Change home region".into(),
            AddScenario { scenario, .. } => format!("Add scenario {}", quote(&scenario.name)),
            RemoveScenario { scenario, .. } => format!("Delete scenario {}", quote(&scenario.name)),
            UpdateScenario { before, after } if before.name != after.name => format!("Rename scenario {}", quote(&before.name)),
            UpdateScenario { after, .. } => format!("Change scenario {}", quote(&after.name)),
            Batch { label, .. } => label.clone(),
        }
    }

    /// What to call node `id` in a description: its label in `d`, else (a node this edit
    /// adds or removes, absent from `d`) its label in the edit (or its kind's name when it has
    /// no label); `None` when neither knows it (never the internal id).
    fn name_of(&self, d: &Design, id: &NodeId) -> Option<String> {
        d.node(id).or_else(|| self.nodes().find(|n| &n.id == id)).map(node_name)
    }

    /// The nodes this edit carries whole (added or removed), at any depth of a batch.
    pub fn nodes(&self) -> Box<dyn Iterator<Item = &Node> + '_> {
        match self {
            Edit::AddNode { node, .. } | Edit::RemoveNode { node, .. } => Box::new(std::iter::once(node)),
            Edit::Batch { edits, .. } => Box::new(edits.iter().flat_map(Edit::nodes)),
            _ => Box::new(std::iter::empty()),
        }
    }

    /// Applies the edit. Atomic: on error the design is exactly as before.
    pub fn apply(&self, d: &mut Design) -> Result<(), EditError> {
        if let Edit::Batch { edits, .. } = self {
            for (i, e) in edits.iter().enumerate() {
                if let Err(error) = e.apply(d) {
                    // Roll back what this batch already applied, newest first.
                    for done in edits[..i].iter().rev() {
                        done.invert().apply(d).expect("inverse of an applied edit always applies");
                    }
                    return Err(error);
                }
            }
            return Ok(());
        }
        self.apply_one(d)
    }

    fn apply_one(&self, d: &mut Design) -> Result<(), EditError> {
        use Edit::*;
        match self {
            AddNode { node, rect } => {
                if d.nodes.contains_key(&node.id) {
                    return err(format!("a node with id \"{}\" already exists", node.id));
                }
                check_parent(d, &node.kind, node.parent.as_ref(), None).map_err(|e| EditError(e.0))?;
                span::check(d, &node.kind, node.parent.as_ref(), &node.span).map_err(|e| EditError(e.0))?;
                if let Some(r) = rect {
                    fields::check_rect(r).map_err(EditError)?;
                }
                d.nodes.insert(node.id.clone(), node.clone());
                if let Some(r) = rect {
                    d.layout.insert(node.id.clone(), *r);
                }
            }
            RemoveNode { node, rect } => {
                match d.nodes.get(&node.id) {
                    None => return err(format!("node \"{}\" does not exist", node.id)),
                    Some(n) if n != node => return err(format!("{} changed since this edit was made", named(d, &node.id))),
                    _ => {}
                }
                if d.layout.get(&node.id) != rect.as_ref() {
                    return err(format!("the layout of {} changed since this edit was made", named(d, &node.id)));
                }
                if d.nodes.values().any(|n| n.parent.as_ref() == Some(&node.id)) {
                    return err(format!("{} still contains other nodes", named(d, &node.id)));
                }
                if let Some(n) = span::spanning_into(d, &node.id).next() {
                    return err(format!("{} is still spanned into by {}", named(d, &node.id), named(d, &n.id)));
                }
                if d.connections.values().any(|c| c.from == node.id || c.to == node.id) {
                    return err(format!("{} still has connections", named(d, &node.id)));
                }
                d.nodes.remove(&node.id);
                d.layout.remove(&node.id);
            }
            Move { id, before, after } | Resize { id, before, after } => {
                fields::check_rect(after).map_err(EditError)?;
                if !d.nodes.contains_key(id) {
                    return err(format!("node \"{id}\" does not exist"));
                }
                match d.layout.get(id) {
                    Some(r) if r == before => {
                        d.layout.insert(id.clone(), *after);
                    }
                    _ => return err(format!("the position of {} changed since this edit was made", named(d, id))),
                }
            }
            Reparent { id, before, after } => {
                let n = d.node(id).ok_or_else(|| EditError(format!("node \"{id}\" does not exist")))?;
                if &n.parent != before {
                    return err(format!("{} moved to another container since this edit was made", named(d, id)));
                }
                check_reparent(d, &[(id, after.as_ref())])?;
                node_mut(d, id)?.parent = after.clone();
            }
            SetSpan { id, before, after } => {
                let n = d.node(id).ok_or_else(|| EditError(format!("node \"{id}\" does not exist")))?;
                if &n.span != before {
                    return err(format!("the subnets of \"{id}\" changed since this edit was made"));
                }
                span::check(d, &n.kind, n.parent.as_ref(), after).map_err(|e| EditError(e.0))?;
                node_mut(d, id)?.span = after.clone();
            }
            SetProp { id, key, before, after } => {
                let n = d.node(id).ok_or_else(|| EditError(format!("node \"{id}\" does not exist")))?;
                let spec = catalog::kind(&n.kind).ok_or_else(|| EditError(format!("unknown component kind \"{}\"", n.kind)))?;
                let pspec = spec.prop(key).ok_or_else(|| EditError(format!("{} has no property \"{key}\"", spec.name)))?;
                if n.props.get(key) != before.as_ref() {
                    return err(format!("property \"{key}\" of \"{id}\" changed since this edit was made"));
                }
                if let Some(v) = after {
                    pspec.validate(v).map_err(|e| EditError(format!("{} {e}", pspec.label)))?;
                }
                let n = node_mut(d, id)?;
                match after {
                    Some(v) => n.props.insert(key.clone(), v.clone()),
                    None => n.props.remove(key),
                };
            }
            SetLabel { id, before, after } => {
                let n = node_mut(d, id)?;
                if &n.label != before {
                    return err(format!("the label of \"{id}\" changed since this edit was made"));
                }
                n.label = after.clone();
            }
            SetIngress { id, before, after } => {
                for i in after {
                    fields::check_ingress(i).map_err(EditError)?;
                }
                let n = node_mut(d, id)?;
                if &n.ingress != before {
                    return err(format!("the access rules of \"{id}\" changed since this edit was made"));
                }
                n.ingress = after.clone();
            }
            SetSuppressions { id, before, after } => {
                let n = node_mut(d, id)?;
                if &n.suppressions != before {
                    return err(format!("the suppressions of \"{id}\" changed since this edit was made"));
                }
                n.suppressions = after.clone();
            }
            Connect { conn } => {
                if d.connections.contains_key(&conn.id) {
                    return err(format!("a connection with id \"{}\" already exists", conn.id));
                }
                fields::check_connection(conn).map_err(EditError)?;
                check_connection(d, &conn.from, &conn.to, conn.kind).map_err(|e| EditError(e.0))?;
                d.connections.insert(conn.id.clone(), conn.clone());
            }
            Disconnect { conn } => {
                if d.connections.get(&conn.id) != Some(conn) {
                    return err(format!("connection \"{}\" does not exist or changed since this edit was made", conn.id));
                }
                d.connections.remove(&conn.id);
            }
            UpdateConnection { before, after } => {
                if before.id != after.id {
                    return err("a connection update cannot change the connection's id");
                }
                if d.connections.get(&before.id) != Some(before) {
                    return err(format!("connection \"{}\" does not exist or changed since this edit was made", before.id));
                }
                fields::check_connection(after).map_err(EditError)?;
                check_connection(d, &after.from, &after.to, after.kind).map_err(|e| EditError(e.0))?;
                d.connections.insert(after.id.clone(), after.clone());
            }
            SetWorkload { before, after } => {
                fields::check_workload(after).map_err(EditError)?;
                if &d.workload != before {
                    return err("the workload changed since this edit was made");
                }
                d.workload = after.clone();
            }
            Rename { before, after } => {
                if &d.name != before {
                    return err("the design's name changed since this edit was made");
                }
                d.name = after.clone();
            }
            SetRegion { before, after } => {
                fields::check_region(after).map_err(EditError)?;
                if &d.region != before {
                    return err("the design's region changed since this edit was made");
                }
                d.region = after.clone();
            }
            AddScenario { index, scenario } => {
                fields::check_scenario(scenario).map_err(EditError)?;
                if *index > d.scenarios.len() {
                    return err(format!("there is no place {index} among {} scenarios", d.scenarios.len()));
                }
                if d.scenarios.len() >= fields::MAX_SCENARIOS {
                    return err(format!("a design keeps at most {} scenarios (number keys 1 to 9)", fields::MAX_SCENARIOS));
                }
                if d.scenarios.iter().any(|s| s.id == scenario.id) {
                    return err(format!("a scenario with id \"{}\" already exists", scenario.id));
                }
                d.scenarios.insert(*index, scenario.clone());
            }
            RemoveScenario { index, scenario } => {
                if d.scenarios.get(*index) != Some(scenario) {
                    return err(format!("scenario \"{}\" does not exist or changed since this edit was made", scenario.name));
                }
                d.scenarios.remove(*index);
            }
            UpdateScenario { before, after } => {
                if before.id != after.id {
                    return err("a scenario update cannot change the scenario's id");
                }
                fields::check_scenario(after).map_err(EditError)?;
                let Some(s) = d.scenarios.iter_mut().find(|s| s.id == before.id) else {
                    return err(format!("scenario \"{}\" does not exist", before.name));
                };
                if s != before {
                    return err(format!("scenario \"{}\" changed since this edit was made", before.name));
                }
                *s = after.clone();
            }
            Batch { .. } => unreachable!("handled in apply"),
        }
        Ok(())
    }
}

/// Constructors that read the current design to fill in each edit's `before`.
impl Edit {
    pub fn set_prop(d: &Design, id: &NodeId, key: &str, value: Option<Value>) -> Edit {
        let before = d.node(id).and_then(|n| n.props.get(key).cloned());
        Edit::SetProp { id: id.clone(), key: key.to_string(), before, after: value }
    }

    pub fn set_label(d: &Design, id: &NodeId, label: &str) -> Edit {
        let before = d.node(id).map(|n| n.label.clone()).unwrap_or_default();
        Edit::SetLabel { id: id.clone(), before, after: label.to_string() }
    }

    /// Moves a node by (dx, dy), and every node inside it with it: one undo step.
    pub fn move_by(d: &Design, ids: &[NodeId], dx: f64, dy: f64) -> Edit {
        let mut moved: Vec<NodeId> = Vec::new();
        for id in ids {
            for m in std::iter::once(id.clone()).chain(descendants(d, id)) {
                if !moved.contains(&m) {
                    moved.push(m);
                }
            }
        }
        let edits = moved
            .into_iter()
            .filter_map(|id| {
                let r = *d.layout.get(&id)?;
                Some(Edit::Move { id, before: r, after: Rect { x: r.x + dx, y: r.y + dy, ..r } })
            })
            .collect();
        Edit::Batch { label: Edit::naming(d, "Move", ids), edits, switch: None }
    }

    /// "`verb` “label”" for one node, "`verb` N components" for several: the label of a
    /// batch over the nodes `ids` of `d` (a move, a delete), never their internal ids.
    pub fn naming(d: &Design, verb: &str, ids: &[NodeId]) -> String {
        match ids {
            [one] => format!("{verb} {}", quote(&d.node(one).map_or_else(|| "a component".into(), node_name))),
            many => format!("{verb} {} components", many.len()),
        }
    }

    /// Removes nodes with everything inside them and every connection touching them.
    pub fn remove_cascade(d: &Design, ids: &[NodeId]) -> Edit {
        let mut doomed: Vec<NodeId> = Vec::new();
        for id in ids {
            if !d.nodes.contains_key(id) {
                continue;
            }
            for m in std::iter::once(id.clone()).chain(descendants(d, id)) {
                if !doomed.contains(&m) {
                    doomed.push(m);
                }
            }
        }
        // A component spanning AZs loses only the subnets removed under it (AWS: an ALB or
        // a service drops a subnet and keeps serving from the others); it goes with them only
        // when it was chosen itself or no subnet of it is left. Its home subnet removed, the
        // first subnet left becomes its home.
        let mut placements: Vec<Edit> = Vec::new();
        let spanning: Vec<&Node> = d.nodes.values().filter(|n| span::spans(n)).collect();
        for n in spanning {
            if ids.contains(&n.id) {
                continue;
            }
            let gone = |s: &NodeId| doomed.contains(s) || d.ancestors(s).any(|a| doomed.contains(&a.id));
            let left: Vec<NodeId> = span::placements(n).filter(|s| !gone(s)).cloned().collect();
            if left.len() == span::placements(n).count() {
                continue;
            }
            let Some((home, rest)) = left.split_first() else { continue };
            // Not doomed after all (it was only as a descendant of its home subnet).
            doomed.retain(|x| x != &n.id);
            placements.push(Edit::SetSpan { id: n.id.clone(), before: n.span.clone(), after: rest.to_vec() });
            if n.parent.as_ref() != Some(home) {
                placements.push(Edit::Reparent { id: n.id.clone(), before: n.parent.clone(), after: Some(home.clone()) });
            }
        }
        let mut edits: Vec<Edit> = d
            .connections
            .values()
            .filter(|c| doomed.contains(&c.from) || doomed.contains(&c.to))
            .map(|c| Edit::Disconnect { conn: c.clone() })
            .collect();
        edits.extend(placements);
        // Deepest first, so every node is a leaf when it goes.
        crate::order::sort_by_key(&mut doomed, |id| std::cmp::Reverse(d.ancestors(id).count()));
        let removed = doomed.len();
        for id in doomed {
            let node = d.nodes[&id].clone();
            edits.push(Edit::RemoveNode { rect: d.layout.get(&id).copied(), node });
        }
        let chosen: Vec<NodeId> = ids.iter().filter(|id| d.nodes.contains_key(*id)).cloned().collect();
        // Named by what goes, not by what was chosen: Select all on the starter chooses its 9
        // top-level nodes and deletes all 25 (QA s23 #20 read "Delete 9 components").
        let label = match chosen.as_slice() {
            [_] if removed == 2 => format!("{} and the component inside", Edit::naming(d, "Delete", &chosen)),
            [_] if removed > 2 => format!("{} and the {} components inside", Edit::naming(d, "Delete", &chosen), removed - 1),
            [_] => Edit::naming(d, "Delete", &chosen),
            _ => format!("Delete {removed} components"),
        };
        Edit::Batch { label, edits, switch: None }
    }

    pub fn connect(d: &Design, from: &NodeId, to: &NodeId, kind: crate::model::ConnKind) -> Edit {
        Edit::Connect { conn: Connection::new(d.fresh_conn_id(), from.clone(), to.clone(), kind) }
    }

    pub fn disconnect(d: &Design, id: &ConnId) -> Option<Edit> {
        d.connections.get(id).map(|c| Edit::Disconnect { conn: c.clone() })
    }
}

/// A node of `d` as a message names it: its label in quotes, else its kind's name (an
/// unlabelled node), else its id in quotes (a node `d` does not hold).
/// May each node be put in its new container (`moves`: node, new container or `None` for the top
/// level), the moves made one after another as a `Batch` of [`Edit::Reparent`] makes them? The
/// one question a `Reparent` asks before it applies, and the app's drag preview asks on every
/// pointer move (so the preview refuses exactly what the drop will, saying the same): the
/// container must accept the node's kind and not be inside it (`model::check_parent`, on the
/// design as it is: a drop's moves all go to one container outside what is dragged), a
/// component spanning AZs must stay in one subnet per AZ of one VPC ([`span::check_after`]), and
/// so must the components placed in the subnets a moved container holds, which move with it
/// ([`span::check_moved`]: else undoing an edit made since, or opening the saved file, would
/// fail on a design a drop let through). Reads the design in place, copies nothing.
pub fn check_reparent(d: &Design, moves: &span::Moves) -> Result<(), EditError> {
    for (i, &(id, after)) in moves.iter().enumerate() {
        let n = d.node(id).ok_or_else(|| EditError(format!("node \"{id}\" does not exist")))?;
        check_parent(d, &n.kind, after, Some(id)).map_err(|e| EditError(e.0))?;
        span::check_after(d, &moves[..i], &n.kind, after, &n.span).map_err(|e| EditError(e.0))?;
        if let Err((other, e)) = span::check_moved(d, &moves[..=i]) {
            return err(format!("{} cannot go there: {} is placed in it, spanning AZs, and {}", named(d, id), named(d, &other), e.0));
        }
    }
    Ok(())
}

fn named(d: &Design, id: &NodeId) -> String {
    d.node(id).map_or_else(|| format!("node \"{id}\""), |n| if n.label.trim().is_empty() { node_name(n) } else { quote(&node_name(n)) })
}

/// A node's label, or its kind's name when the label is empty ([`crate::text::label_or_kind`]).
fn node_name(n: &Node) -> String {
    crate::text::label_or_kind(&n.label, &n.kind).into_owned()
}

/// A kind's display name ("RDS database"), or the kind id for a kind the catalog lacks.
fn kind_name(kind: &str) -> String {
    catalog::kind(kind).map_or_else(|| kind.to_string(), |k| k.name.to_string())
}

/// The kind name of the node a `SetLabel` names (for a node that had no label).
fn kind_of(d: &Design, e: &Edit) -> String {
    match e {
        Edit::SetLabel { id, .. } => d.node(id).map_or_else(|| "a component".into(), |n| kind_name(&n.kind)),
        _ => "a component".into(),
    }
}

/// A label in typographic quotes, for undo labels and messages.
/// A label in curly quotes, cut to [`QUOTED_MAX`] characters with an ellipsis: the undo
/// button's tooltip and the history list name labels, and a long one ran the tooltip across
/// the screen (QA s20).
fn quote(s: &str) -> String {
    if s.chars().count() <= QUOTED_MAX {
        return format!("\u{201c}{s}\u{201d}");
    }
    let cut: String = s.chars().take(QUOTED_MAX - 1).collect();
    format!("\u{201c}{}\u{2026}\u{201d}", cut.trim_end())
}

/// The longest label an edit's description quotes whole (characters).
pub const QUOTED_MAX: usize = 40;

/// Every node inside `id`, at any depth.
pub fn descendants(d: &Design, id: &NodeId) -> Vec<NodeId> {
    let mut out = Vec::new();
    let mut stack = vec![id.clone()];
    while let Some(cur) = stack.pop() {
        for c in d.nodes.values().filter(|n| n.parent.as_ref() == Some(&cur)) {
            if !out.contains(&c.id) && &c.id != id {
                out.push(c.id.clone());
                stack.push(c.id.clone());
            }
        }
    }
    out
}

/// Replaces a node by one of another kind, as one undoable edit: same id, container, label
/// and rectangle; the properties both kinds share; every connection the catalog still
/// allows. Used to switch a service between ECS and EKS, which properties alone can't do.
pub fn replace_kind(d: &Design, id: &NodeId, kind: &str, label: &str) -> Result<Edit, EditError> {
    let old = d.node(id).ok_or_else(|| EditError(format!("node \"{id}\" does not exist")))?;
    let spec = catalog::kind(kind).ok_or_else(|| EditError(format!("unknown component kind \"{kind}\"")))?;
    if d.nodes.values().any(|n| n.parent.as_ref() == Some(id)) {
        return err(format!("{} contains other nodes: move them out first", old.label));
    }
    let touching: Vec<Connection> = d.connections.values().filter(|c| &c.from == id || &c.to == id).cloned().collect();
    let mut edits: Vec<Edit> = touching.iter().map(|c| Edit::Disconnect { conn: c.clone() }).collect();
    let rect = d.layout.get(id).copied();
    edits.push(Edit::RemoveNode { node: old.clone(), rect });
    let props = old
        .props
        .iter()
        .filter(|(k, v)| spec.prop(k).is_some_and(|p| p.validate(v).is_ok()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    // A component spanning AZs keeps its subnets when the new kind may span them too (an ECS
    // service switched to an EKS node group stays across its AZs), else it sits in its home subnet.
    let span = if crate::model::span::role(kind).is_some() { old.span.clone() } else { Vec::new() };
    let node = Node { id: id.clone(), kind: kind.to_string(), label: label.to_string(), parent: old.parent.clone(), span, props, ingress: old.ingress.clone(), suppressions: vec![] };
    edits.push(Edit::AddNode { node, rect });
    // Keep the connections the new kind may have; apply on a scratch copy to be sure.
    let mut scratch = d.clone();
    for e in &edits {
        e.apply(&mut scratch)?;
    }
    for c in touching {
        let e = Edit::Connect { conn: c };
        if e.apply(&mut scratch).is_ok() {
            edits.push(e);
        }
    }
    Ok(Edit::Batch { label: format!("Change {} to {}", old.label, spec.name), edits, switch: None })
}

/// The one edit that turns `current` into `target` (a saved version, another design): a
/// [`Edit::Batch`] of ordinary edits, so restoring a version is one undo step and its undo is
/// the batch's exact inverse, with every edit's stale check (an undo after the design changed
/// underneath is refused, never applied to the wrong thing).
///
/// Why a batch rather than a "replace the whole design" edit: the history keeps only what
/// differs (not two whole designs per restore), the app's layout-only shortcut still applies
/// (`is_layout_only` when only positions differ), and no second way of changing a design
/// exists beside the edits every test already checks.
///
/// The plan, in an order every step of which is legal because both designs are:
/// 1. disconnect every connection that does not stay exactly as it is between nodes that stay;
/// 2. remove, deepest first, every node that is gone or must be rebuilt — a node is *kept*
///    when it exists in both with the same kind, the same container (itself kept), a
///    rectangle in both or in neither, and no other difference than label, properties,
///    access rules and suppressions; any other node is removed and added again (a kind
///    change or a move between containers is a rebuild, so a container is never missing;
///    so is a node differing in a field a later file format adds);
/// 3. on kept nodes: label, properties (one `SetProp` each), access rules, suppressions;
/// 4. add the new and rebuilt nodes, outermost first, each with its rectangle in `target`;
/// 5. move or resize kept nodes whose rectangle differs;
/// 6. connect what is new or was disconnected in step 1, in id order;
/// 7. workload, name, home region; the scenarios, removed and added again in `target`'s
///    order when the lists differ.
///
/// The batch is applied to a copy before it is returned: when the result is not exactly
/// `target` (a field of the design this function does not yet know, e.g. one a new file
/// format adds), the error names what differs, and nothing is restored by halves.
pub fn restore(current: &Design, target: &Design, label: &str) -> Result<Edit, EditError> {
    use std::collections::{BTreeMap, BTreeSet};
    // Which nodes stay in place (see above), decided outermost first.
    let mut kept: BTreeSet<NodeId> = BTreeSet::new();
    let mut by_depth: Vec<&NodeId> = target.nodes.keys().collect();
    crate::order::sort_by_key(&mut by_depth, |id| (target.ancestors(id).count(), (*id).clone()));
    for id in by_depth {
        let (Some(a), Some(b)) = (current.nodes.get(id), target.nodes.get(id)) else { continue };
        // Fields the plan sets in place (label, properties, access rules, suppressions); any
        // other difference (a field a later format adds) makes it a rebuild, which sets all.
        let in_place = Node { label: b.label.clone(), props: b.props.clone(), ingress: b.ingress.clone(), suppressions: b.suppressions.clone(), ..a.clone() };
        let same_place = in_place == *b
            && a.parent == b.parent
            && b.parent.as_ref().is_none_or(|p| kept.contains(p))
            && current.layout.contains_key(id) == target.layout.contains_key(id);
        if same_place {
            kept.insert(id.clone());
        }
    }
    let stays = |c: &Connection| kept.contains(&c.from) && kept.contains(&c.to) && target.connections.get(&c.id) == Some(c);

    let mut edits = Vec::new();
    // 1. Connections that go or change.
    for c in current.connections.values().filter(|c| !stays(c)) {
        edits.push(Edit::Disconnect { conn: c.clone() });
    }
    // 2. Nodes that go or are rebuilt, deepest first (so each is a leaf when it goes).
    let mut doomed: Vec<&Node> = current.nodes.values().filter(|n| !kept.contains(&n.id)).collect();
    crate::order::sort_by_key(&mut doomed, |n| (std::cmp::Reverse(current.ancestors(&n.id).count()), n.id.clone()));
    for n in doomed {
        edits.push(Edit::RemoveNode { node: n.clone(), rect: current.layout.get(&n.id).copied() });
    }
    // 3. Fields of kept nodes.
    for id in &kept {
        let (a, b) = (&current.nodes[id], &target.nodes[id]);
        if a.label != b.label {
            edits.push(Edit::SetLabel { id: id.clone(), before: a.label.clone(), after: b.label.clone() });
        }
        let keys: BTreeSet<&String> = crate::order::set(a.props.keys().chain(b.props.keys()));
        for key in keys {
            let (x, y) = (a.props.get(key), b.props.get(key));
            if x != y {
                edits.push(Edit::SetProp { id: id.clone(), key: key.clone(), before: x.cloned(), after: y.cloned() });
            }
        }
        if a.ingress != b.ingress {
            edits.push(Edit::SetIngress { id: id.clone(), before: a.ingress.clone(), after: b.ingress.clone() });
        }
        if a.suppressions != b.suppressions {
            edits.push(Edit::SetSuppressions { id: id.clone(), before: a.suppressions.clone(), after: b.suppressions.clone() });
        }
    }
    // 4. New and rebuilt nodes, outermost first (so each container is there first).
    let mut born: Vec<&Node> = target.nodes.values().filter(|n| !kept.contains(&n.id)).collect();
    crate::order::sort_by_key(&mut born, |n| (target.ancestors(&n.id).count(), n.id.clone()));
    for n in born {
        edits.push(Edit::AddNode { node: n.clone(), rect: target.layout.get(&n.id).copied() });
    }
    // 5. Positions and sizes of kept nodes.
    for id in &kept {
        if let (Some(a), Some(b)) = (current.layout.get(id), target.layout.get(id)) {
            if a != b {
                let (before, after) = (*a, *b);
                edits.push(if (a.w, a.h) == (b.w, b.h) { Edit::Move { id: id.clone(), before, after } } else { Edit::Resize { id: id.clone(), before, after } });
            }
        }
    }
    // 6. Connections that are new or were taken down in step 1.
    let standing: BTreeMap<&ConnId, &Connection> = current.connections.iter().filter(|(_, c)| stays(c)).collect();
    for c in target.connections.values().filter(|c| !standing.contains_key(&c.id)) {
        edits.push(Edit::Connect { conn: c.clone() });
    }
    // 7. The design's own fields and its scenarios.
    if current.workload != target.workload {
        edits.push(Edit::SetWorkload { before: current.workload.clone(), after: target.workload.clone() });
    }
    if current.name != target.name {
        edits.push(Edit::Rename { before: current.name.clone(), after: target.name.clone() });
    }
    if current.region != target.region {
        edits.push(Edit::SetRegion { before: current.region.clone(), after: target.region.clone() });
    }
    if current.scenarios != target.scenarios {
        for (index, scenario) in current.scenarios.iter().enumerate().rev() {
            edits.push(Edit::RemoveScenario { index, scenario: scenario.clone() });
        }
        for (index, scenario) in target.scenarios.iter().enumerate() {
            edits.push(Edit::AddScenario { index, scenario: scenario.clone() });
        }
    }

    let batch = Edit::Batch { label: label.to_string(), edits, switch: None };
    let mut check = current.clone();
    batch.apply(&mut check)?;
    if &check != target {
        let (a, b) = (serde_json::to_value(&check).unwrap_or_default(), serde_json::to_value(target).unwrap_or_default());
        let differing: Vec<String> = match (a.as_object(), b.as_object()) {
            (Some(a), Some(b)) => crate::order::set(a.keys().chain(b.keys()).filter(|k| a.get(*k) != b.get(*k)).cloned()).into_iter().collect(),
            _ => vec![],
        };
        return err(format!("this version cannot be restored: its {} cannot be set by an edit", if differing.is_empty() { "content".to_string() } else { differing.join(", ") }));
    }
    Ok(batch)
}
