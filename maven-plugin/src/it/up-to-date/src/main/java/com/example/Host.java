package com.example;

import com.example.greet.my.greet.greeter.Greeter;
import com.example.greet.my.greet.greeter.Greeting;

public final class Host implements Greeter {
    @Override
    public String hello(Greeting g) {
        return g.text().repeat((int) g.times());
    }
}
