package org.collectiveloss.nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class HostArraysTest {

    @Test
    void rowMajorHoldsTheValuesAsNd4jCreateDoes() {
        float[] values = {1f, 2f, 3f, 4f, 5f, 6f};
        INDArray bulk = HostArrays.rowMajor(values, 2, 3);
        INDArray reference = Nd4j.create(values, new long[] {2, 3}, 'c');
        assertEquals(reference, bulk);
        assertEquals(DataType.FLOAT, bulk.dataType());
        assertEquals(6f, bulk.getFloat(1, 2));
        assertArrayEquals(values, HostArrays.toFloats(bulk));
    }

    @Test
    void rowMajorRejectsAWrongLength() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> HostArrays.rowMajor(new float[5], 2, 3));
        assertTrue(e.getMessage().contains("needs 6 values, got 5"), e.getMessage());
    }

    @Test
    void toFloatsReadsViewsTransposesAndDoublesInRowMajorOrder() {
        INDArray m = Nd4j.create(new double[][] {{1, 2, 3}, {4, 5, 6}});
        assertArrayEquals(new float[] {1f, 2f, 3f, 4f, 5f, 6f}, HostArrays.toFloats(m));
        assertArrayEquals(new float[] {1f, 4f, 2f, 5f, 3f, 6f}, HostArrays.toFloats(m.transpose()));
        assertArrayEquals(new float[] {4f, 5f, 6f}, HostArrays.toFloats(m.getRow(1)));
    }
}
