import Foundation
import LinearModel
import GLPK
var m = Model(name: "t")
let x = m.addVariable("x", lower: 0, upper: 10, kind: .integer)
let y = m.addVariable("y", lower: -5, upper: .infinity)
let z = m.addVariable("z", lower: -.infinity, upper: .infinity)
let b = m.addVariable("b", kind: .binary)
let w = m.addVariable("w", lower: -.infinity, upper: 3)
m.add(x + y <= 4, name: "c1")
m.add((x - 2 * y + z).between(-3, 5), name: "rng")
m.add(z == 2, name: "eq")
m.add(b + w >= 1, name: "g")
m.maximize(3 * x + 2 * y + b + w + 7)
try m.mps(objectiveSense: false).write(toFile: "/tmp/try/o.mps", atomically: true, encoding: .utf8)
try m.lp().write(toFile: "/tmp/try/o.lp", atomically: true, encoding: .utf8)
let r = try m.solve()
print(r.status, r.objective as Any, r.values)
