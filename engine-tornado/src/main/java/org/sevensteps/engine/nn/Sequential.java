package org.sevensteps.engine.nn;

import java.util.ArrayList;
import java.util.List;
import org.sevensteps.engine.tensor.Tensor;

/** Modules applied one after another; the parameters are theirs, in order. */
public final class Sequential implements Module {
    private final List<Module> layers;

    public Sequential(Module... layers) {
        this.layers = List.of(layers);
    }

    @Override
    public Tensor forward(Tensor x) {
        for (Module m : layers) x = m.forward(x);
        return x;
    }

    @Override
    public List<Tensor> parameters() {
        List<Tensor> ps = new ArrayList<>();
        for (Module m : layers) ps.addAll(m.parameters());
        return ps;
    }

    /** The layers, in order. */
    public List<Module> layers() {
        return layers;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Sequential(");
        for (Module m : layers) sb.append("\n  ").append(m);
        return sb.append("\n)").toString();
    }
}
