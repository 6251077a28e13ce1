// Branch a stream in two, transform each branch differently, and merge them again (Bytewax's branch + merge).
//
// Run from the repository root:
//   dotnet run --project Silo -- run samples/branch_merge.csx
//
// The numbers 1 to 10 (inline, through TestingSource) are split by parity. Even numbers are squared, odd
// numbers are tripled, and the two branches are merged and printed one line each. With one worker (the
// default) the output is exactly, in input order:
//
//   odd 1 -> tripled 3
//   even 2 -> squared 4
//   odd 3 -> tripled 9
//   even 4 -> squared 16
//   odd 5 -> tripled 15
//   even 6 -> squared 36
//   odd 7 -> tripled 21
//   even 8 -> squared 64
//   odd 9 -> tripled 27
//   even 10 -> squared 100

var flow = new Dataflow("branch_merge");
var numbers = flow.Input("numbers", new TestingSource<int>(Enumerable.Range(1, 10)));
var parity = numbers.Branch("parity", n => n % 2 == 0);
var evens = parity.Trues.Map("square", n => $"even {n} -> squared {n * n}");
var odds = parity.Falses.Map("triple", n => $"odd {n} -> tripled {n * 3}");
evens.Merge("merge", odds)
    .Output("out", new StdOutSink<string>());
flow
