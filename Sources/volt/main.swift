print("volt")
