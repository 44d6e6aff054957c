package io.cdclake.codec.json.internal;

/** Generous reader limits for the properties of this package: no test here is about limits. */
final class TestLimits {
  static final FastJson.Limits GENEROUS = new FastJson.Limits() {
    @Override
    public int maxNestingDepth() {
      return 100;
    }

    @Override
    public int maxStringLength() {
      return 1 << 20;
    }

    @Override
    public int maxNameLength() {
      return 1 << 10;
    }

    @Override
    public int maxNumberLength() {
      return 1000;
    }
  };

  private TestLimits() {}
}
