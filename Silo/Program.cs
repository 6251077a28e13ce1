namespace Orleans.Dataflow.Silo; internal static class Program { private static int Main(string[] args) => 0; }
