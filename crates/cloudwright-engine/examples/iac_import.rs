//! Debug helper: imports the files given and prints the report and the design summary.
use cloudwright_engine::iac::{import, Options, SourceFile};
fn main() {
    let files: Vec<SourceFile> = std::env::args().skip(1).map(|p| SourceFile::new(p.clone(), std::fs::read_to_string(&p).unwrap())).collect();
    match import(&files, &Options::default()) {
        Ok(i) => {
            print!("{}", i.report.render());
            for n in i.design.nodes.values() {
                println!("NODE {} [{}] parent={:?} props={:?} ingress={:?}", n.id, n.kind, n.parent.as_ref().map(|p| p.to_string()), n.props, n.ingress);
            }
            for c in i.design.connections.values() {
                println!("CONN {} -> {} {:?} port={:?} {}", c.from, c.to, c.kind, c.port, c.label);
            }
            match cloudwright_engine::file::load(&cloudwright_engine::file::save(&i.design)) {
                Ok(_) => println!("VALID"),
                Err(e) => println!("INVALID: {e}"),
            }
        }
        Err(e) => println!("ERR {e:?}"),
    }
}
